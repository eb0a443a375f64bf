/*
 * ring.c: lab 07, the ring. YOUR FILE: the only one of this lab you edit.
 *
 * Fill in the six functions below; ring.h says exactly what each must do and
 * README.md designs the ring step by step (read "The design" first). Then:
 *   make                 builds ./ring-producer and ./ring-consumer from this file
 *   make test            grades this lab
 *
 * The layout below is the one README.md explains. You may change it, but the
 * segment must never hold a pointer: each process attaches it at its own
 * address.
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

/* The three semaphores of the ring's set, by number. */
enum { SEM_FREE, SEM_USED, SEM_MUTEX, SEM_COUNT };

/* semctl's fourth argument: the caller defines it (man 2 semctl). */
union semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
};

/* One message slot in the segment. */
struct ring_slot {
    uint32_t      len;
    unsigned char data[RING_MSG_MAX];
};

/* The start of the segment: the same bytes in every process, so only
 * numbers (indices), never pointers. */
struct ring_shared {
    uint32_t         slots;
    uint32_t         head;     /* next slot to take from */
    uint32_t         tail;     /* next slot to fill */
    struct ring_slot slot[];   /* `slots` of them */
};

/* The handle: private to one process, so it may hold pointers. */
struct ring {
    int                 shmid;
    int                 semid;
    unsigned            slots;
    struct ring_shared *shm;   /* where THIS process attached the segment */
};

/* YOUR CODE HERE (optional): a helper for P and V, e.g.
 *   static int sem_change(int semid, unsigned short num, short delta)
 * that calls semop(semid, &(struct sembuf){ num, delta, 0 }, 1) and tries
 * again while it fails with EINTR. Never SEM_UNDO: README.md says why. */

struct ring *ring_create(key_t key, unsigned slots)
{
    /* YOUR CODE HERE: shmid = shmget(key, size, IPC_CREAT | IPC_EXCL | 0600),
     * shm = shmat(shmid, NULL, 0) (failure is (void *) -1), write the header,
     * semid = semget(key, SEM_COUNT, IPC_CREAT | IPC_EXCL | 0600), then
     * semctl(semid, SEM_FREE, SETVAL, (union semun) { .val = (int) slots })
     * and the other two. When a step fails, remove what the earlier steps
     * made (shmdt, shmctl IPC_RMID, semctl IPC_RMID), keep errno, return NULL.
     * Finally malloc the handle and fill it in. */
    (void) key;
    (void) slots;
    errno = ENOSYS;
    return NULL;
}

struct ring *ring_open(key_t key)
{
    /* YOUR CODE HERE: shmget(key, 0, 0600) and semget(key, 0, 0600), never
     * with IPC_CREAT; shmat; the slot count is in the header; malloc the
     * handle. */
    (void) key;
    errno = ENOSYS;
    return NULL;
}

int ring_put(struct ring *r, const void *msg, size_t len)
{
    /* YOUR CODE HERE: EMSGSIZE first; then P(SEM_FREE), P(SEM_MUTEX), copy
     * into slot[tail], move tail on (modulo slots), V(SEM_MUTEX), V(SEM_USED). */
    (void) r;
    (void) msg;
    (void) len;
    errno = ENOSYS;
    return -1;
}

ssize_t ring_get(struct ring *r, void *buf, size_t cap)
{
    /* YOUR CODE HERE: P(SEM_USED), P(SEM_MUTEX), copy at most cap bytes of
     * slot[head], move head on, V(SEM_MUTEX), V(SEM_FREE); return the
     * message's full length. */
    (void) r;
    (void) buf;
    (void) cap;
    errno = ENOSYS;
    return -1;
}

int ring_close(struct ring *r)
{
    /* YOUR CODE HERE: shmdt(r->shm), free(r). */
    (void) r;
    errno = ENOSYS;
    return -1;
}

int ring_destroy(struct ring *r)
{
    /* YOUR CODE HERE: semctl(r->semid, 0, IPC_RMID), shmctl(r->shmid,
     * IPC_RMID, NULL), then ring_close(r). */
    (void) r;
    errno = ENOSYS;
    return -1;
}
