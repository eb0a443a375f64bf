/* wrong: the wait first sleeps until the semaphore is positive without taking anything
 * (one semop of -1 and +1), then takes 1 with GETVAL and SETVAL: two steps, so two
 * processes that both see 1 both go on, and a mutex built on it lets both in
 * expect: 6.19 "one atomic step"
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include "semaphores.h"

union semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
};

int semset_create(key_t key, int nsems, int mode)
{
    return semget(key, nsems, IPC_CREAT | IPC_EXCL | (mode & 0777));
}

int semset_reopen(key_t key, int mode)
{
    return semget(key, 0, mode & 0777);
}

int semset_setval(int semid, int num, int value)
{
    union semun arg;

    arg.val = value;
    if (semctl(semid, num, SETVAL, arg) == -1)
        return -1;
    return 0;
}

int semset_getval(int semid, int num)
{
    return semctl(semid, num, GETVAL);
}

/* Sleeps until semaphore num is at least 1 (takes 1 and gives it back in
 * one semop), then takes 1 by reading the value and writing it minus 1. */
int semset_wait(int semid, int num)
{
    struct sembuf until_positive[2] = { { (unsigned short) num, -1, 0 },
                                        { (unsigned short) num, +1, 0 } };
    union semun arg;

    for (;;) {
        if (semop(semid, until_positive, 2) == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        int value = semctl(semid, num, GETVAL);
        if (value == -1)
            return -1;
        if (value > 0) {
            arg.val = value - 1;
            return semctl(semid, num, SETVAL, arg);
        }
    }
}

int semset_post(int semid, int num)
{
    struct sembuf op = { (unsigned short) num, +1, 0 };

    return semop(semid, &op, 1);
}

int semset_remove(int semid)
{
    return semctl(semid, 0, IPC_RMID);
}
