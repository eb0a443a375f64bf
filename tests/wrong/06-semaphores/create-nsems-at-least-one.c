/* wrong: semset_create turns an nsems of 0 or less into 1 instead of letting
 * semget refuse it, so it makes a set where the contract says EINVAL
 * expect: 6.2 "pass nsems to it unchanged"
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
    if (nsems < 1)
        nsems = 1;
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

int semset_wait(int semid, int num)
{
    struct sembuf op = { (unsigned short) num, -1, 0 };

    while (semop(semid, &op, 1) == -1) {
        if (errno != EINTR)
            return -1;
    }
    return 0;
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
