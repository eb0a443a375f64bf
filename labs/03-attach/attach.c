/*
 * attach.c: lab 03-attach. YOUR FILE: the only one of this lab you edit.
 *
 * Fill in the function below; attach.h says exactly what it must do and
 * README.md explains the call. Then:
 *   make                 builds ./shmtext from this file, to try by hand
 *   make test            grades this lab
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

/* Maps segment `shmid` into this process, read-only when `readonly` is
 * non-zero, and returns its address, or NULL with errno as the failing call
 * set it. One call, one attachment. See attach.h. */
void *seg_attach(int shmid, int readonly)
{
    /* YOUR CODE HERE. Read shmat(2) and README.md, "shmat" and
     * "Read-only means the hardware says no".
     * Who should choose the address? Which flag asks for read-only, and is
     * 1 that flag? What does shmat return when it fails, and what must this
     * function return instead? */
    (void) shmid;
    (void) readonly;
    errno = ENOSYS;
    return NULL;
}
