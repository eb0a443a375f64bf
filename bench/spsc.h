/*
 * spsc.h: a single-producer, single-consumer ring in System V shared memory,
 * for the benchmark. A different design from lab 07's ring: one producer and
 * one consumer only, so no mutex; the two indices are C11 atomics in the
 * segment, and a process sleeps in the kernel (semop) only at the edges,
 * when the ring is empty (the consumer) or full (the producer). While the
 * ring is neither, a message costs no system call at all.
 *
 * Two ways to use it:
 *   - copying, as a pipe is used: spsc_put copies a message in, spsc_get
 *     copies it out;
 *   - in place (zero copy): spsc_claim gives the producer a free slot to
 *     write the message into, spsc_publish hands over only its length, and
 *     spsc_peek / spsc_release let the consumer read it where it lies.
 *
 * Private to one process tree: the segment is made with IPC_PRIVATE, marked
 * for removal at once, and shared with children through fork. A process is
 * either the producer or the consumer, never both: each keeps its own index
 * in its copy of the handle.
 */
#ifndef SHMLABS_SPSC_H
#define SHMLABS_SPSC_H

#include <stddef.h>

struct spsc;

/* A new ring of at least `slots` slots (rounded up to a power of two) of
 * `slot_size` bytes each, every page already touched, or NULL with errno
 * set. Its semaphore set lives until spsc_destroy or spsc_remove. */
struct spsc *spsc_create(unsigned slots, size_t slot_size);

/* The producer's side. spsc_claim returns the next free slot (slot_size
 * bytes), sleeping while the ring is full, or NULL with errno set when the
 * ring was removed. spsc_publish hands the claimed slot over with the length
 * of the message written into it; it returns 0, or -1 with errno set. */
void *spsc_claim(struct spsc *q);
int   spsc_publish(struct spsc *q, size_t len);

/* The consumer's side. spsc_peek returns the oldest message and stores its
 * length in *len, sleeping while the ring is empty, or NULL with errno set.
 * spsc_release gives its slot back to the producer: 0, or -1 with errno. */
const void *spsc_peek(struct spsc *q, size_t *len);
int         spsc_release(struct spsc *q);

/* Copying wrappers: spsc_put copies `len` bytes (at most slot_size) in and
 * returns 0; spsc_get copies the oldest message (at most `cap` bytes) out and
 * returns its full length. Both return -1 with errno set on failure. */
int  spsc_put(struct spsc *q, const void *msg, size_t len);
long spsc_get(struct spsc *q, void *buf, size_t cap);

/* Reads one byte of every page of the segment, so that this process (a
 * child after fork) takes its page faults now rather than while timed. */
void spsc_prefault(const struct spsc *q);

/* Removes the semaphore set, detaches the segment, frees the handle. */
void spsc_destroy(struct spsc *q);

/* Removes the semaphore set only, one system call: safe in a signal
 * handler. A process waiting in the ring then fails with EIDRM. */
void spsc_remove(const struct spsc *q);

#endif
