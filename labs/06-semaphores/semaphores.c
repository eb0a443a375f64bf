/*
 * semaphores.c: lab 06, the semaphore twins. YOUR FILE: fill in each hole.
 *
 * semaphores.h says exactly what each function must do and README.md
 * explains the calls. Every function checks the result of its system call
 * and returns the failure value with errno as the call left it.
 *   make                 builds ./semtool from this file, to try by hand
 *   make test            grades this lab
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

/* Returns the id of a NEW set of `nsems` semaphores for `key`, or -1 with
 * errno set (EEXIST when the key has a set). */
int semset_create(key_t key, int nsems, int mode)
{
    /* YOUR CODE HERE. Read semget(2) and README.md, "semget".
     * Lab 01 made a new segment; what changes when the object counts
     * semaphores instead of bytes? */
    (void) key;
    (void) nsems;
    (void) mode;
    errno = ENOSYS;
    return -1;
}

/* Returns the id of the set that exists for `key`, asking for the access in
 * `mode`, or -1 with errno set (ENOENT, EACCES). Never creates. */
int semset_reopen(key_t key, int mode)
{
    /* YOUR CODE HERE. Read semget(2) and README.md, "semget".
     * Lab 02's twin: which count fits every existing set? */
    (void) key;
    (void) mode;
    errno = ENOSYS;
    return -1;
}

/* Sets semaphore `num` to `value`. Returns 0, or -1 with errno set
 * (EINVAL, ERANGE). */
int semset_setval(int semid, int num, int value)
{
    /* YOUR CODE HERE. Read semctl(2) and README.md, "semctl".
     * Which command sets one value, and in what form does semctl take the
     * value: a plain int, or something else? */
    (void) semid;
    (void) num;
    (void) value;
    errno = ENOSYS;
    return -1;
}

/* Returns the value of semaphore `num`, or -1 with errno set (EINVAL). */
int semset_getval(int semid, int num)
{
    /* YOUR CODE HERE. Read semctl(2). Why can 0 not be the failure value? */
    (void) semid;
    (void) num;
    errno = ENOSYS;
    return -1;
}

/* P: takes 1 from semaphore `num`, sleeping while it is 0; an interrupted
 * wait goes on. Returns 0, or -1 with errno set (EIDRM, EINVAL ...). */
int semset_wait(int semid, int num)
{
    /* YOUR CODE HERE. Read semop(2), signal(7) and README.md, "semop" and
     * "EINTR is not a failure of the wait".
     * Which sign of sem_op waits? Which flags would make it wrong, and why?
     * Which single errno means "nothing happened yet, wait again", and what
     * happens to a loop that retries every error once the set is removed? */
    (void) semid;
    (void) num;
    errno = ENOSYS;
    return -1;
}

/* V: adds 1 to semaphore `num`. Returns 0, or -1 with errno set. */
int semset_post(int semid, int num)
{
    /* YOUR CODE HERE. Read semop(2) and README.md, "semop".
     * Why must a post be one operation of the kernel, and not a read of the
     * value followed by a write? */
    (void) semid;
    (void) num;
    errno = ENOSYS;
    return -1;
}

/* Removes the set at once. Returns 0, or -1 with errno set (EINVAL, EPERM). */
int semset_remove(int semid)
{
    /* YOUR CODE HERE. Read semctl(2): lab 05's twin. Which of the two
     * twins' calls knows about sets? */
    (void) semid;
    errno = ENOSYS;
    return -1;
}
