/*
 * remove.c: lab 05-remove. YOUR FILE: the only one of this lab you edit.
 *
 * Fill in the three functions below; remove.h says exactly what each must do
 * and README.md explains the calls. Then:
 *   make                 builds ./shmrm from this file, to try by hand
 *   make test            grades this lab (or `make grade LAB=05-remove` at
 *                        the kit's root)
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

/* Marks shmid for removal. Returns 0, or -1 with errno set. */
int seg_remove(int shmid)
{
    /* YOUR CODE HERE. Read shmctl(2) and README.md, "Removing".
     * Which command removes, and what does the kernel do with a segment
     * that is still attached? Does this command need a struct? */
    (void) shmid;
    errno = ENOSYS;
    return -1;
}

/* Removes the segment of key, like ipcrm -M. Returns 0, or -1 with errno set. */
int seg_remove_key(key_t key)
{
    /* YOUR CODE HERE. Read README.md, "Removing by key", and the lookup of
     * lab 02. Finding must not create, must fit any size, and must not ask
     * for access that removing does not need: what flags and size follow? */
    (void) key;
    errno = ENOSYS;
    return -1;
}

/* Returns 1 when removal is pending, 0 when not marked, -1 with errno set. */
int seg_removal_pending(int shmid)
{
    /* YOUR CODE HERE. Read README.md, "Is removal pending?".
     * Where does the kernel keep the mark, and what is the value of that
     * bit? The contract asks for 1 or 0: is the bit itself either? */
    (void) shmid;
    errno = ENOSYS;
    return -1;
}
