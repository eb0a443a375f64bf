/*
 * spsc.c: the single-producer, single-consumer ring of spsc.h.
 *
 * The segment holds two "edges", each on its own cache line: `published`
 * counts the messages the producer has handed over, `released` the slots the
 * consumer has given back (both modulo 2^32; the ring holds published -
 * released messages). The producer only writes `published`, the consumer
 * only `released`, so no lock is needed: a release store of one index after
 * the slot is written or read, an acquire load by the other side.
 *
 * Sleeping at the edges without losing a wake-up: the waiting side writes
 * the count it waits for in its edge's `wake_at`, sets the edge's `asleep`
 * flag, looks at the index once more, and only then sleeps in semop; the
 * moving side stores its index, then looks at the flag and posts the
 * semaphore if it was set and the count has reached `wake_at`. With
 * sequentially consistent order one of the two always sees the other, and
 * the semaphore counts, so a post that comes before the sleep is not lost.
 *
 * A producer that finds the ring full asks to be woken only once half of it
 * is free: it then refills half a ring without sleeping, instead of sleeping
 * once per message when the consumer is the slower side. A consumer asks for
 * the next message at once: it cannot know whether more will come.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "spsc.h"

/* Atomics shared between processes must not fall back on a lock in one
 * process's memory. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic int must be lock-free");

#define LINE      64           /* bytes of a cache line */
#ifndef SPIN
#define SPIN      2000         /* looks at the index before sleeping: a few microseconds, less than a wake-up */
#endif
#define MAX_SLOTS (1u << 16)

/* The semaphores: the consumer sleeps on SEM_DATA, the producer on SEM_SPACE. */
enum { SEM_DATA, SEM_SPACE, SEM_COUNT };

union semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
};

/* One index that one side moves on and the other side may wait for. */
struct edge {
    atomic_uint count;         /* messages published, or slots released */
    atomic_int  asleep;        /* 1: the other side is about to sleep on it */
    atomic_uint wake_at;       /* ... and wants to be woken at this count */
    unsigned char pad[LINE - 2 * sizeof(atomic_uint) - sizeof(atomic_int)];
};

struct spsc_shared {
    struct edge published;     /* moved by the producer, awaited by the consumer */
    struct edge released;      /* moved by the consumer, awaited by the producer */
    uint64_t    lens[];        /* the length of the message in each slot */
};

/* The handle, one copy per process. */
struct spsc {
    struct spsc_shared *shm;
    unsigned char      *data;  /* slot 0; slot i at data + i * stride */
    size_t              size;  /* of the whole segment */
    size_t              stride;
    size_t              slot_size;
    unsigned            slots; /* a power of two */
    int                 semid;
    unsigned            mine;  /* this side's count: published or released */
    unsigned            seen;  /* the other side's count, as last read */
};

static size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

/* Sleeps on semaphore `num` (P) or posts it (V), going on after a signal
 * handler interrupts the wait. Returns 0, or -1 with errno set (EIDRM when
 * the set was removed). */
static int edge_semop(int semid, unsigned short num, short delta)
{
    struct sembuf op = { .sem_num = num, .sem_op = delta, .sem_flg = 0 };
    int result;

    do
        result = semop(semid, &op, 1);
    while (result == -1 && errno == EINTR);
    return result;
}

/* 1 when a count has reached `target`; counts wrap round modulo 2^32. */
static int reached(unsigned count, unsigned target)
{
    return count - target < 0x80000000u;
}

/* Waits until e->count reaches `enough`: a short spin, then a sleep on
 * semaphore `sem` until the other side moves the count to `wake` (at or past
 * `enough`). Returns 0, or -1 with errno set. */
static int wait_for(struct spsc *q, struct edge *e, unsigned enough, unsigned wake,
                    unsigned short sem)
{
    for (int i = 0; i < SPIN; i++)
        if (reached(atomic_load_explicit(&e->count, memory_order_acquire), enough))
            return 0;
    atomic_store_explicit(&e->wake_at, wake, memory_order_relaxed);
    for (;;) {
        atomic_store(&e->asleep, 1);
        if (reached(atomic_load(&e->count), enough)) {
            if (atomic_exchange(&e->asleep, 0) == 1)
                return 0;                       /* nobody saw the flag: no post */
            return edge_semop(q->semid, sem, -1);   /* the post is on its way: take it */
        }
        if (edge_semop(q->semid, sem, -1) == -1)
            return -1;
        if (reached(atomic_load_explicit(&e->count, memory_order_acquire), enough))
            return 0;
    }
}

/* Moves e->count on to `count`, and wakes the other side if it sleeps and
 * this is the count it waits for. */
static int advance(struct spsc *q, struct edge *e, unsigned count, unsigned short sem)
{
    atomic_store(&e->count, count);
    if (atomic_load(&e->asleep) == 1
        && reached(count, atomic_load_explicit(&e->wake_at, memory_order_relaxed))
        && atomic_exchange(&e->asleep, 0) == 1)
        return edge_semop(q->semid, sem, +1);
    return 0;
}

struct spsc *spsc_create(unsigned slots, size_t slot_size)
{
    if (slots == 0 || slots > MAX_SLOTS || slot_size == 0) {
        errno = EINVAL;
        return NULL;
    }
    struct spsc *q = calloc(1, sizeof *q);
    if (q == NULL)
        return NULL;
    for (q->slots = 1; q->slots < slots; q->slots *= 2)
        ;
    q->slot_size = slot_size;
    q->stride = round_up(slot_size, LINE);
    size_t header = sizeof(struct spsc_shared) + round_up(q->slots * sizeof(uint64_t), LINE);
    q->size = header + q->slots * q->stride;

    int shmid = shmget(IPC_PRIVATE, q->size, IPC_CREAT | 0600);
    void *at = shmid == -1 ? (void *) -1 : shmat(shmid, NULL, 0);
    int saved = errno;
    if (shmid != -1)
        shmctl(shmid, IPC_RMID, NULL);          /* it goes with the last detach */
    q->semid = at == (void *) -1 ? -1 : semget(IPC_PRIVATE, SEM_COUNT, IPC_CREAT | 0600);
    if (q->semid == -1) {
        saved = at == (void *) -1 ? saved : errno;
        if (at != (void *) -1)
            shmdt(at);
        free(q);
        errno = saved;
        return NULL;
    }
    unsigned short zeros[SEM_COUNT] = { 0 };
    semctl(q->semid, 0, SETALL, (union semun) { .array = zeros });

    memset(at, 0, q->size);                     /* every page now, not while timed */
    q->shm = at;
    q->data = (unsigned char *) at + header;
    atomic_init(&q->shm->published.count, 0);
    atomic_init(&q->shm->published.asleep, 0);
    atomic_init(&q->shm->published.wake_at, 0);
    atomic_init(&q->shm->released.count, 0);
    atomic_init(&q->shm->released.asleep, 0);
    atomic_init(&q->shm->released.wake_at, 0);
    return q;
}

void *spsc_claim(struct spsc *q)
{
    if (q->mine - q->seen == q->slots) {        /* full, as last seen */
        struct edge *e = &q->shm->released;
        unsigned full = q->mine - q->slots;    /* the released count of a full ring */
        unsigned half = q->slots > 1 ? q->slots / 2 : 1;
        if (wait_for(q, e, full + 1, full + half, SEM_SPACE) == -1)
            return NULL;
        q->seen = atomic_load_explicit(&e->count, memory_order_acquire);
    }
    return q->data + (q->mine & (q->slots - 1)) * q->stride;
}

int spsc_publish(struct spsc *q, size_t len)
{
    q->shm->lens[q->mine & (q->slots - 1)] = len;
    q->mine++;
    return advance(q, &q->shm->published, q->mine, SEM_DATA);
}

const void *spsc_peek(struct spsc *q, size_t *len)
{
    if (q->mine == q->seen) {                   /* empty, as last seen */
        struct edge *e = &q->shm->published;
        if (wait_for(q, e, q->mine + 1, q->mine + 1, SEM_DATA) == -1)
            return NULL;
        q->seen = atomic_load_explicit(&e->count, memory_order_acquire);
    }
    unsigned slot = q->mine & (q->slots - 1);
    *len = (size_t) q->shm->lens[slot];
    return q->data + slot * q->stride;
}

int spsc_release(struct spsc *q)
{
    q->mine++;
    return advance(q, &q->shm->released, q->mine, SEM_SPACE);
}

int spsc_put(struct spsc *q, const void *msg, size_t len)
{
    if (len > q->slot_size) {
        errno = EMSGSIZE;
        return -1;
    }
    void *slot = spsc_claim(q);
    if (slot == NULL)
        return -1;
    memcpy(slot, msg, len);
    return spsc_publish(q, len);
}

long spsc_get(struct spsc *q, void *buf, size_t cap)
{
    size_t len;
    const void *slot = spsc_peek(q, &len);
    if (slot == NULL)
        return -1;
    memcpy(buf, slot, len < cap ? len : cap);
    return spsc_release(q) == -1 ? -1 : (long) len;
}

void spsc_prefault(const struct spsc *q)
{
    const volatile unsigned char *bytes = (const unsigned char *) q->shm;
    size_t page = (size_t) sysconf(_SC_PAGESIZE);
    for (size_t at = 0; at < q->size; at += page)
        (void) bytes[at];
}

void spsc_remove(const struct spsc *q)
{
    semctl(q->semid, 0, IPC_RMID);
}

void spsc_destroy(struct spsc *q)
{
    spsc_remove(q);
    shmdt(q->shm);
    free(q);
}
