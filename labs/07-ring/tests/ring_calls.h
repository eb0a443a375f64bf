/*
 * ring_calls.h: the calls lab 07's tests may make in a subject, in the form
 * harness/rpc.h describes (LAB_CALLS). A ring handle that ring_create or
 * ring_open returned comes back as an integer and goes in again as
 * ARG_PTR(i); ring_put's message is REQ_DATA, and ring_get copies into
 * OUT_DATA, which the test reads in the outcome's data.
 *
 * Besides the six functions of ring.h, the tests use a few calls made of
 * them, defined in ring_calls.c, which only the subject links:
 *   ring_put_paused / ring_get_paused: a producer or consumer frozen in the
 *     middle of its call, until the test sends SIGCONT;
 *   put_many / get_many: thousands of ring_put or ring_get in one call, for
 *     several producers and consumers at once, all starting when the test
 *     opens a barrier (a semaphore of its own); a consumer reports what it
 *     took in a struct stress_report;
 *   reserve_range: fills an address range with inaccessible pages, so that
 *     a ring opened afterwards is attached elsewhere.
 */
#ifndef SHMLABS_RING_CALLS_H
#define SHMLABS_RING_CALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ring.h"
#include "rpc.h"

/* The stress test: STRESS_PRODUCERS producers each put STRESS_PER_PRODUCER
 * messages (put_many) of STRESS_MIN_LEN to STRESS_MAX_LEN bytes; consumers
 * take them (get_many) and report. */
#define STRESS_PRODUCERS    3
#define STRESS_PER_PRODUCER 1000
#define STRESS_MESSAGES     (STRESS_PRODUCERS * STRESS_PER_PRODUCER)
#define STRESS_MIN_LEN      6
#define STRESS_MAX_LEN      48
/* In a slowed round, every STRESS_NAP_EVERY-th call of each process sleeps
 * STRESS_NAP_US microseconds at its first touch of the message, in the
 * middle of its call: the others overtake it there, whether or not the
 * machine has a processor free for them. */
#define STRESS_NAP_EVERY    8
#define STRESS_NAP_US       30

/* What a consumer of the stress test took, sent back in OUT_DATA. */
struct stress_report {
    uint32_t got;            /* messages taken */
    uint32_t malformed;      /* messages that no producer sent (torn, stale, another length) */
    uint32_t out_of_order;   /* a producer's message taken after a later one of the same producer */
    uint32_t twice;          /* messages this consumer took twice */
    int32_t  failed_errno;   /* errno of a ring_get that failed, else 0 */
    uint32_t first_bad_len;  /* the first malformed message's length (ring_get's return) */
    uint8_t  seen[(STRESS_MESSAGES + 7) / 8];   /* bit producer * PER_PRODUCER + seq */
};

_Static_assert(sizeof(struct stress_report) <= RPC_DATA_MAX, "a stress report fits in OUT_DATA");

/* ring_put of len bytes of data (at most RPC_DATA_MAX), copied to a page of
 * its own whose first touch stops the process (SIGSTOP): the producer stops
 * where it first reads the message. Returns what ring_put returned, or -2
 * with errno set when the pause could not be set up. */
int kit_ring_put_paused(struct ring *r, const void *data, size_t len);

/* ring_get into out (cap at most RPC_DATA_MAX) with every page of this
 * process's attachment of the ring for key but the first made such a
 * pause: the consumer stops at its first touch of a slot beyond the
 * segment's first page. Returns what ring_get returned, or -2 with errno set
 * when the pause could not be set up (ENOENT: no attachment of two pages or
 * more for key). */
ssize_t kit_ring_get_paused(struct ring *r, key_t key, void *out, size_t cap);

/* Producer `tag` of the stress test: waits at the barrier (semaphore 0 of
 * set `barrier` becoming 0), then puts its STRESS_PER_PRODUCER messages in
 * order, some of them slowed when `slowed`. Returns 0, -1 with errno of the
 * ring_put that failed, or -2 when it could not start. */
int kit_ring_put_many(struct ring *r, uint32_t tag, int barrier, bool slowed);

/* A consumer of the stress test: waits at the barrier, takes `count`
 * messages (some of them slowed when `slowed`) and writes a struct
 * stress_report into out. Returns 0, -1 with errno of a failed ring_get, or
 * -2 when it could not start. */
int kit_ring_get_many(struct ring *r, uint32_t count, int barrier, bool slowed, void *out);

/* Maps an inaccessible page at every free page of [start, start + len), so
 * that nothing else can be attached there. Returns the number of pages it
 * took, or -1 with errno set. */
long kit_reserve_range(uintptr_t start, size_t len);

#define LAB_CALLS(X) \
    X(ring_create,     ring_create((key_t) ARG(0), (unsigned) ARG(1)))             \
    X(ring_open,       ring_open((key_t) ARG(0)))                                   \
    X(ring_put,        ring_put(ARG_PTR(0), REQ_DATA, (size_t) ARG(1)))             \
    X(ring_get,        ring_get(ARG_PTR(0), OUT_DATA, (size_t) ARG(1)))             \
    X(ring_close,      ring_close(ARG_PTR(0)))                                      \
    X(ring_destroy,    ring_destroy(ARG_PTR(0)))                                    \
    X(ring_put_paused, kit_ring_put_paused(ARG_PTR(0), REQ_DATA, (size_t) ARG(1))) \
    X(ring_get_paused, kit_ring_get_paused(ARG_PTR(0), (key_t) ARG(1), OUT_DATA, (size_t) ARG(2))) \
    X(put_many,        kit_ring_put_many(ARG_PTR(0), (uint32_t) ARG(1), (int) ARG(2), ARG(3) != 0)) \
    X(get_many,        kit_ring_get_many(ARG_PTR(0), (uint32_t) ARG(1), (int) ARG(2), ARG(3) != 0, \
                                         OUT_DATA)) \
    X(reserve_range,   kit_reserve_range((uintptr_t) ARG(0), (size_t) ARG(1)))

RPC_LAB_OPS(LAB_CALLS);

#endif
