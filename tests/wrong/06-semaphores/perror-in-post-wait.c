/* wrong: semset_post and semset_wait print an error with perror when semop
 * fails (errno kept as semop set it): a library function prints nothing
 * expect: 6.21 "printed"
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <stdio.h>

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
        if (errno != EINTR) {
            int err = errno;

            perror("semset_wait");
            errno = err;
            return -1;
        }
    }
    return 0;
}

int semset_post(int semid, int num)
{
    struct sembuf op = { (unsigned short) num, +1, 0 };

    if (semop(semid, &op, 1) == -1) {
        int err = errno;

        perror("semset_post");
        errno = err;
        return -1;
    }
    return 0;
}

int semset_remove(int semid)
{
    return semctl(semid, 0, IPC_RMID);
}
