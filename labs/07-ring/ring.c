/*
 * ring.c: lab 07, the ring. YOUR FILE: the only one of this lab you edit.
 *
 * Fill in the six functions below; ring.h says exactly what each must do and
 * README.md states the problem, the rules a correct ring keeps and the traps.
 * The design is yours: the layout of the segment, how many semaphores and
 * what each one counts, the order of the operations. Then:
 *   make                 builds ./ring-producer and ./ring-consumer
 *   make test            grades this lab
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "ring.h"

/* semctl's fourth argument: the caller defines it (man 2 semctl). */
union semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
};

/* YOUR CODE HERE: the layout of the segment. Read README.md, "Every
 * process sees the segment at its own address". What must every process
 * find in the segment, and why may it hold numbers but never pointers? */

/* The handle: one per process that opened the ring, in that process's own
 * memory, so it may hold pointers. YOUR CODE HERE: what does each call need
 * to reach the ring again (which ids, which address)? */
struct ring {
    int placeholder;   /* replace with your fields */
};

/* Makes a new ring; returns a handle, or NULL with errno set and nothing
 * left behind. See ring.h. */
struct ring *ring_create(key_t key, unsigned slots)
{
    /* YOUR CODE HERE. Read README.md, "Creating without leaving a mess"
     * and "A ring that is half made". Which of your steps can fail, and what
     * must be undone for each? Which errno does the caller get? */
    (void) key;
    (void) slots;
    errno = ENOSYS;
    return NULL;
}

/* Returns a handle on the ring that exists for `key`, or NULL with errno
 * set (ENOENT). Never creates. See ring.h. */
struct ring *ring_open(key_t key)
{
    /* YOUR CODE HERE. Labs 02 and 06 reopened by key. How does a process
     * that did not create the ring learn how many slots it has? */
    (void) key;
    errno = ENOSYS;
    return NULL;
}

/* Appends one message, sleeping while the ring is full. Returns 0, or -1
 * with errno set (EMSGSIZE, EIDRM, EINVAL). See ring.h. */
int ring_put(struct ring *r, const void *msg, size_t len)
{
    /* YOUR CODE HERE. Read README.md, "The rules" and "Traps".
     * What may a producer wait for, in which order, and what must no other
     * process do between the moment it picks a slot and the moment the
     * message is in it? */
    (void) r;
    (void) msg;
    (void) len;
    errno = ENOSYS;
    return -1;
}

/* Takes the oldest message, sleeping while the ring is empty, and returns
 * its full length, or -1 with errno set. See ring.h. */
ssize_t ring_get(struct ring *r, void *buf, size_t cap)
{
    /* YOUR CODE HERE. The mirror of ring_put: which rule protects a slot
     * that is still being copied out? */
    (void) r;
    (void) buf;
    (void) cap;
    errno = ENOSYS;
    return -1;
}

/* Detaches and frees the handle; the ring stays. Returns 0, or -1 with
 * errno set. See ring.h. */
int ring_close(struct ring *r)
{
    /* YOUR CODE HERE. Lab 04: what does this process hold that it must
     * give back? */
    (void) r;
    errno = ENOSYS;
    return -1;
}

/* Removes the segment and the semaphore set, then closes the handle.
 * Returns 0, or -1 with errno set. See ring.h. */
int ring_destroy(struct ring *r)
{
    /* YOUR CODE HERE. Labs 05 and 06: which removal wakes the processes
     * that sleep in the ring, and which waits for the last detach? */
    (void) r;
    errno = ENOSYS;
    return -1;
}
