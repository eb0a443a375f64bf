/* wrong: semset_reopen passes mode to semget whole, so bits above 0777 reach
 * its flags (03600 carries IPC_CREAT | IPC_EXCL and fails with EEXIST)
 * expect: 6.4 "mode & 0777 and nothing else"
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
    return semget(key, 0, mode);
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
