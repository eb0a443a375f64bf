/*
 * ring_fused.c: lab 07's ring with fewer semaphore operations, for the
 * benchmark. Same layout and same three semaphores as the reference
 * (free slots, messages, mutex), but:
 *  - semop applies an array of operations atomically, so "take a free slot
 *    AND the lock" is one call, and "give back the lock AND count a message"
 *    another: two system calls per put instead of four, likewise per get;
 *  - a batch of n messages waits for n slots at once (sem_op = -n) and
 *    counts n messages at once: two calls per batch.
 * It keeps the reference's guarantees: any number of producers and
 * consumers, and every wait sleeps in the kernel.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "ring_fused.h"

enum { SEM_FREE, SEM_USED, SEM_MUTEX, SEM_COUNT };

union semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
};

struct slot {
    uint32_t      len;
    unsigned char data[RING_MSG_MAX];
};

struct shared {
    uint32_t    slots, head, tail;
    struct slot slot[];
};

struct fring {
    int            shmid, semid;
    unsigned       slots;
    struct shared *shm;
};

/* Applies two operations at once, going on after EINTR. */
static int sem_pair(int semid, unsigned short a, short da, unsigned short b, short db)
{
    struct sembuf ops[2] = { { a, da, 0 }, { b, db, 0 } };
    while (semop(semid, ops, 2) == -1)
        if (errno != EINTR)
            return -1;
    return 0;
}

struct fring *fring_create(unsigned slots)
{
    struct fring *r = calloc(1, sizeof *r);
    size_t size = sizeof(struct shared) + (size_t) slots * sizeof(struct slot);

    if (r == NULL)
        return NULL;
    r->slots = slots;
    r->semid = semget(IPC_PRIVATE, SEM_COUNT, IPC_CREAT | 0600);
    r->shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
    r->shm = r->shmid == -1 ? (void *) -1 : shmat(r->shmid, NULL, 0);
    if (r->shmid != -1)
        shmctl(r->shmid, IPC_RMID, NULL);
    if (r->semid == -1 || r->shm == (void *) -1 ||
        semctl(r->semid, SEM_FREE, SETVAL, (union semun) { .val = (int) slots }) == -1 ||
        semctl(r->semid, SEM_MUTEX, SETVAL, (union semun) { .val = 1 }) == -1) {
        fring_destroy(r);
        return NULL;
    }
    return r;
}

/* Copies n messages into the slots from tail on; the caller holds the lock. */
static void fill(struct fring *r, const unsigned char *msgs, size_t len, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        struct slot *s = &r->shm->slot[r->shm->tail];
        s->len = (uint32_t) len;
        memcpy(s->data, msgs + i * len, len);
        r->shm->tail = (r->shm->tail + 1) % r->slots;
    }
}

/* Copies n messages out of the slots from head on (at most cap bytes each,
 * stride `stride`); the caller holds the lock. Returns the last one's length. */
static size_t drain(struct fring *r, unsigned char *buf, size_t cap, size_t stride, unsigned n)
{
    size_t len = 0;
    for (unsigned i = 0; i < n; i++) {
        const struct slot *s = &r->shm->slot[r->shm->head];
        len = s->len;
        memcpy(buf + i * stride, s->data, len < cap ? len : cap);
        r->shm->head = (r->shm->head + 1) % r->slots;
    }
    return len;
}

int fring_put(struct fring *r, const void *msg, size_t len)
{
    return fring_put_batch(r, msg, len, 1);
}

ssize_t fring_get(struct fring *r, void *buf, size_t cap)
{
    if (sem_pair(r->semid, SEM_USED, -1, SEM_MUTEX, -1) == -1)
        return -1;
    size_t len = drain(r, buf, cap, 0, 1);
    if (sem_pair(r->semid, SEM_MUTEX, +1, SEM_FREE, +1) == -1)
        return -1;
    return (ssize_t) len;
}

int fring_put_batch(struct fring *r, const void *msgs, size_t len, unsigned n)
{
    if (len > RING_MSG_MAX || n > r->slots) {
        errno = len > RING_MSG_MAX ? EMSGSIZE : EINVAL;
        return -1;
    }
    if (sem_pair(r->semid, SEM_FREE, (short) -(int) n, SEM_MUTEX, -1) == -1)
        return -1;
    fill(r, msgs, len, n);
    return sem_pair(r->semid, SEM_MUTEX, +1, SEM_USED, (short) (int) n);
}

int fring_get_batch(struct fring *r, void *buf, size_t len, unsigned n)
{
    if (n > r->slots) {
        errno = EINVAL;
        return -1;
    }
    if (sem_pair(r->semid, SEM_USED, (short) -(int) n, SEM_MUTEX, -1) == -1)
        return -1;
    drain(r, buf, len, len, n);
    return sem_pair(r->semid, SEM_MUTEX, +1, SEM_FREE, (short) (int) n);
}

void fring_destroy(struct fring *r)
{
    if (r->semid != -1)
        semctl(r->semid, 0, IPC_RMID);
    if (r->shm != NULL && r->shm != (void *) -1)
        shmdt(r->shm);
    free(r);
}

void fring_remove(const struct fring *r)
{
    semctl(r->semid, 0, IPC_RMID);
}
