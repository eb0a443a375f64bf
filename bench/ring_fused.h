/*
 * ring_fused.h: lab 07's ring with fewer semaphore operations per message
 * (ring_fused.c), for the benchmark only: what README.md of lab 07 suggests
 * to make the ring faster, measured. Private to one process tree: made with
 * IPC_PRIVATE and shared with a child through fork.
 */
#ifndef SHMLABS_RING_FUSED_H
#define SHMLABS_RING_FUSED_H

#include <stddef.h>
#include <sys/types.h>

#include "ring.h"   /* RING_MSG_MAX */

struct fring;

/* A new ring of `slots` slots, or NULL with errno set. The segment is marked
 * for removal at once: it goes when the last process detaches. */
struct fring *fring_create(unsigned slots);

/* As ring_put and ring_get of ring.h, in two semop calls each instead of
 * four: semop applies an array of operations atomically. */
int     fring_put(struct fring *r, const void *msg, size_t len);
ssize_t fring_get(struct fring *r, void *buf, size_t cap);

/* Batches: puts `n` messages of `len` bytes each (msgs holds them one after
 * the other), or takes `n` messages of `len` bytes into buf, with two semop
 * calls for the whole batch. n must not exceed the ring's slots. */
int fring_put_batch(struct fring *r, const void *msgs, size_t len, unsigned n);
int fring_get_batch(struct fring *r, void *buf, size_t len, unsigned n);

/* Removes the semaphore set, detaches and frees the handle. */
void fring_destroy(struct fring *r);

/* Removes the semaphore set only (the segment goes with the last process):
 * for a signal handler, as it makes one system call and nothing else. */
void fring_remove(const struct fring *r);

#endif
