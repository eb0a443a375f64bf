/*
 * detach.c: lab 04-detach. YOUR FILE: the only one of this lab you edit.
 *
 * Fill in the two functions below; detach.h says exactly what each must do
 * and README.md explains the calls. Then:
 *   make                 builds ./shmattach from this file, to try by hand
 *   make test            grades this lab (or `make grade LAB=04-detach` at
 *                        the kit's root)
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

/* Detaches the segment mapped at addr. Returns 0, or -1 with errno set. */
int seg_detach(const void *addr)
{
    /* YOUR CODE HERE. Read shmdt(2) (the shmop page) and README.md,
     * "Detaching". Which address does the kernel accept, and what does it
     * say about any other? Does detaching remove the segment? */
    (void) addr;
    errno = ENOSYS;
    return -1;
}

/* Returns the kernel's attach count of shmid, or -1 with errno set. */
int seg_nattch(int shmid)
{
    /* YOUR CODE HERE. Read shmctl(2) and README.md, "Counting".
     * Lab 02 read one field of the kernel's record; which field counts the
     * attachments? Why must you not attach the segment to count them? */
    (void) shmid;
    errno = ENOSYS;
    return -1;
}
