/*
 * reopen.c: lab 02-reopen. YOUR FILE: the only one of this lab you edit.
 *
 * Fill in the two functions below; reopen.h says exactly what each must do
 * and README.md walks through the calls. Then:
 *   make                 builds ./shmsize from this file, to try by hand
 *   make test            grades this lab
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    /* YOUR CODE HERE: id = shmget(key, 0, ...); no IPC_CREAT this time,
     * only the permission bits mode & 0777 that you ask for. */
    (void) key;
    (void) mode;
    errno = ENOSYS;
    return -1;
}

ssize_t seg_size(int shmid)
{
    /* YOUR CODE HERE: struct shmid_ds ds; shmctl(shmid, IPC_STAT, &ds)
     * fills ds (check it against -1), and the size is ds.shm_segsz. */
    (void) shmid;
    errno = ENOSYS;
    return -1;
}
