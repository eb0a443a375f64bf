/*
 * channel.h: the ways of moving a message from one process to another that
 * ringbench compares, behind one interface. The parent opens a channel and
 * forks a producer and a consumer, which inherit it.
 *
 * Every message is made and checked in full, whatever the channel: the
 * producer writes all its bytes (its number, then a byte that depends on
 * it), the consumer reads all its bytes and checks them. So every channel
 * does the same useful work, and differs only in what it adds: copies,
 * system calls, sleeps.
 */
#ifndef SHMLABS_CHANNEL_H
#define SHMLABS_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

/* How much the slots of the SPSC ring hold in all: 1 MiB, so that the
 * producer runs at most that far ahead of the consumer, and what it wrote is
 * still in a cache when the consumer reads it. */
#define CHANNEL_RING_BYTES (1u << 20)

enum channel_kind { PIPE, SOCKETPAIR, LAB_RING, BIG_RING, SPSC_RING, ZERO_COPY, NCHANNELS };

/* Each kind's short name (a column heading, no spaces) and what it is. */
extern const char *const channel_name[NCHANNELS];
extern const char *const channel_about[NCHANNELS];

struct ring;
struct ring_api;
struct spsc;

struct channel {
    enum channel_kind      kind;
    int                    fd[2];   /* pipe or socket pair: [CONSUMER] read, [PRODUCER] write */
    const struct ring_api *api;     /* lab 07's ring: which build of it */
    struct ring           *ring;
    struct spsc      *spsc;    /* the SPSC ring, copying or in place */
    unsigned char    *buf;     /* this process's own message buffer */
};

/* Opens a channel for messages of `len` bytes (a multiple of 8, at least 8).
 * Returns 0, or -1 with errno set. */
int channel_open(struct channel *c, enum channel_kind kind, size_t len);

/* The two sides of a channel; for a pipe or socket pair, the index in fd of
 * the end each uses. */
enum channel_side { CONSUMER = 0, PRODUCER = 1 };

/* In the child that produces, or the one that consumes: drops the end it
 * does not use and takes its page faults on shared memory now. */
void channel_take_side(struct channel *c, enum channel_side side);

/* Makes message number `seq` of `len` bytes and sends it. Returns 0, or -1
 * with errno set. */
int channel_send(struct channel *c, uint64_t seq, size_t len);

/* Receives the next message and checks it is number `seq`, `len` bytes,
 * intact. Returns 0, 1 when it arrived wrong, or -1 with errno set. */
int channel_receive(struct channel *c, uint64_t seq, size_t len);

/* How many slots of slot_size bytes the SPSC ring has: 2 to 64, and no more
 * than CHANNEL_RING_BYTES in all unless 2 slots are more. */
unsigned channel_ring_slots(size_t slot_size);

/* Checks the checking: a message is found intact as made, and found wrong
 * with any byte changed or under another number. Returns 0, or -1. */
int channel_check_messages(void);

/* Closes the channel and removes its IPC objects (in the parent). */
void channel_close(struct channel *c);

/* Removes every IPC object of the open channel, if any: for a signal
 * handler or a run that must be abandoned. */
void channel_remove_objects(void);

/* Tries one build of lab 07's ring (LAB_RING or BIG_RING): a ring of 4
 * slots, ten messages of 0 to RING_MSG_MAX bytes through it in one process,
 * each checked, then removed; within a few seconds. Returns 0 when it
 * worked, or -1 with one line in `why` that says what failed. */
int lab_ring_check(enum channel_kind kind, char *why, size_t cap);

/* The largest message of a channel of `kind` in one piece (SIZE_MAX: any):
 * a longer one goes through lab 07's ring in chunks of this size. */
size_t channel_piece(enum channel_kind kind);

#endif
