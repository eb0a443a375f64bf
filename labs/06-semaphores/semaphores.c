/*
 * semaphores.c: lab 06, the semaphore twins. YOUR FILE: fill in each hole.
 *
 * Read README.md first. Every function checks the result of its system call
 * and returns the failure value with errno as the call left it.
 * Run the tests with `make test` in this folder.
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include "semaphores.h"

/* semctl's fourth argument. The C library declares semctl but leaves this
 * union to the caller (man 2 semctl): SETVAL reads .val, IPC_STAT fills .buf. */
union semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
};

int semset_create(key_t key, int nsems, int mode)
{
    /* YOUR CODE HERE: semget(key, nsems, IPC_CREAT | IPC_EXCL | ...) */
    (void) key;
    (void) nsems;
    (void) mode;
    errno = ENOSYS;
    return -1;
}

int semset_reopen(key_t key, int mode)
{
    /* YOUR CODE HERE: semget(key, 0, ...) -- no IPC_CREAT */
    (void) key;
    (void) mode;
    errno = ENOSYS;
    return -1;
}

int semset_setval(int semid, int num, int value)
{
    /* YOUR CODE HERE: union semun arg = { .val = ... };
     *                 semctl(semid, num, SETVAL, arg) */
    (void) semid;
    (void) num;
    (void) value;
    errno = ENOSYS;
    return -1;
}

int semset_getval(int semid, int num)
{
    /* YOUR CODE HERE: semctl(semid, num, GETVAL) */
    (void) semid;
    (void) num;
    errno = ENOSYS;
    return -1;
}

int semset_wait(int semid, int num)
{
    /* YOUR CODE HERE: struct sembuf op = { ..., -1, 0 };
     *                 semop(semid, &op, 1), again while it fails with EINTR */
    (void) semid;
    (void) num;
    errno = ENOSYS;
    return -1;
}

int semset_post(int semid, int num)
{
    /* YOUR CODE HERE: struct sembuf op = { ..., +1, 0 }; semop(semid, &op, 1) */
    (void) semid;
    (void) num;
    errno = ENOSYS;
    return -1;
}

int semset_remove(int semid)
{
    /* YOUR CODE HERE: semctl(semid, 0, IPC_RMID) */
    (void) semid;
    errno = ENOSYS;
    return -1;
}
