/*
 * ring.h: lab 07, the capstone. A bounded queue of messages between processes:
 * one System V shared memory segment holds the slots, one semaphore set
 * counts free slots and used slots and guards the indices. Both live under
 * the same key (segments and semaphore sets have separate key spaces).
 *
 * You implement these in ring.c. README.md states the problem, the rules and the traps.
 * A struct ring is a handle private to one process (what it points into
 * differs from process to process); its contents are yours to choose.
 * The functions print nothing, never exit, and on failure leave errno as the
 * failing call set it. No semaphore operation uses SEM_UNDO.
 */
#ifndef SHMLABS_RING_H
#define SHMLABS_RING_H

#include <stddef.h>
#include <sys/types.h>

/* The largest message, in bytes. */
#define RING_MSG_MAX 256

struct ring;

/* Makes a NEW ring of `slots` message slots (at least 1) for `key`: a new
 * segment and a new semaphore set, both initialised (every slot free, no
 * message, the indices unlocked), and returns a handle attached to it.
 * Returns NULL with errno set when it fails (EEXIST when a segment or a
 * semaphore set already exists for `key`, ENOMEM, ENOSPC, ERANGE or EINVAL
 * for more slots than a semaphore can count ...). A failure at any step
 * leaves no segment and no semaphore set behind: what was made is removed. */
struct ring *ring_create(key_t key, unsigned slots);

/* Returns a handle on the ring that already exists for `key`, or NULL with
 * errno set (ENOENT when there is none). Never creates anything. Any number
 * of processes may open one ring, each attaching it wherever its kernel
 * chooses. */
struct ring *ring_open(key_t key);

/* Appends one message of `len` bytes (0 to RING_MSG_MAX) copied from `msg`,
 * sleeping while the ring is full. Returns 0, or -1 with errno set: EMSGSIZE
 * when len > RING_MSG_MAX (and the ring is left untouched), EIDRM or EINVAL
 * when the ring is destroyed while waiting. A signal handler that interrupts
 * the wait does not end it: the wait goes on. */
int ring_put(struct ring *r, const void *msg, size_t len);

/* Takes the oldest message, sleeping while the ring is empty, and copies at
 * most `cap` bytes of it into `buf` (the rest of a longer message is
 * dropped, as recv drops the rest of a datagram).
 * Returns the message's FULL length (which may be more than cap), or -1 with
 * errno set (EIDRM or EINVAL when the ring is destroyed while waiting).
 * Interrupted waits go on, as in ring_put. */
ssize_t ring_get(struct ring *r, void *buf, size_t cap);

/* Detaches this process from the ring and frees the handle. The ring stays
 * for the other processes. Returns 0, or -1 with errno set. */
int ring_close(struct ring *r);

/* Removes the ring's segment and semaphore set, then closes the handle
 * (which is gone afterwards, whatever happened). Processes blocked in the
 * ring then fail with -1 and EIDRM or EINVAL. Returns 0, or -1 with errno set
 * (EPERM when the caller may not remove the ring ...). */
int ring_destroy(struct ring *r);

#endif
