/* wrong: when semop fails, semset_post reads the semaphore's value for a log
 * (GETVAL) before it returns -1, and that semctl overwrites semop's errno
 * when it fails too (EINVAL for a number outside the set, where semop said EFBIG)
 * expect: 6.18 "call nothing after the failing semop"
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

int semset_wait(int semid, int num)
{
    struct sembuf op = { (unsigned short) num, -1, 0 };

    while (semop(semid, &op, 1) == -1) {
        if (errno != EINTR)
            return -1;
    }
    return 0;
}

/* The value seen when the last post failed, for debugging. */
static int value_at_failure;

int semset_post(int semid, int num)
{
    struct sembuf op = { (unsigned short) num, +1, 0 };

    if (semop(semid, &op, 1) == -1) {
        value_at_failure = semctl(semid, num, GETVAL);
        return -1;
    }
    return 0;
}

int semset_remove(int semid)
{
    return semctl(semid, 0, IPC_RMID);
}
