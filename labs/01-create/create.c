/*
 * create.c: lab 01-create. YOUR FILE: the only one of this lab you edit.
 *
 * Fill in the two functions below; create.h says exactly what each must do
 * and README.md explains the calls. Then:
 *   make                 builds ./shmcreate from this file, to try by hand
 *   make test            grades this lab
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

/* Returns the key of `path` and `proj_id`, or (key_t) -1 with errno as the
 * failing call set it. See create.h. */
key_t seg_key(const char *path, int proj_id)
{
    /* YOUR CODE HERE. Read ftok(3) and README.md, "Keys".
     * What does ftok return when the file is missing, and is that already
     * what this function must return? */
    (void) path;
    (void) proj_id;
    errno = ENOSYS;
    return (key_t) -1;
}

/* Returns the id of a NEW segment of `size` bytes for `key` with the
 * permission bits of `mode`, or -1 with errno as the failing call set it.
 * See create.h. */
int seg_create(key_t key, size_t size, int mode)
{
    /* YOUR CODE HERE. Read shmget(2) and README.md, "Creating a segment".
     * Which flag makes shmget fail when the key is taken, and what does it
     * return then? Which bits of `mode` may reach shmget, and why not all?
     * Which shmid values are valid? */
    (void) key;
    (void) size;
    (void) mode;
    errno = ENOSYS;
    return -1;
}
