/* wrong: ring_put moves tail under the mutex but fills the slot after releasing it
 * expect: 7.9 "had finished putting"
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

enum { SEM_FREE, SEM_USED, SEM_MUTEX, SEM_COUNT };

/* semctl's fourth argument: the caller defines it (man 2 semctl). */
union semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
};

struct ring_slot {
    uint32_t      len;
    unsigned char data[RING_MSG_MAX];
};

/* The start of the segment: only numbers, no pointers. */
struct ring_shared {
    uint32_t         slots;
    uint32_t         head;     /* next slot to take from */
    uint32_t         tail;     /* next slot to fill */
    struct ring_slot slot[];
};

/* The handle: private to one process. */
struct ring {
    int                 shmid;
    int                 semid;
    unsigned            slots;
    struct ring_shared *shm;   /* where THIS process attached the segment */
};

/* Adds delta to semaphore num: P is -1 (sleeps while the value is 0), V is +1.
 * Never SEM_UNDO: a P in one process is answered by a V in another, and the
 * kernel must not take either back when a process exits. A wait interrupted
 * by a signal handler fails with EINTR: it goes on waiting.
 * Returns 0, or -1 with errno set (EIDRM or EINVAL once the set is removed). */
static int sem_change(int semid, unsigned short num, short delta)
{
    struct sembuf op = { num, delta, 0 };

    while (semop(semid, &op, 1) == -1)
        if (errno != EINTR)
            return -1;
    return 0;
}

/* Removes what ring_create made so far (-1 / NULL: not made), keeping errno. */
static void undo_create(int shmid, int semid, void *addr)
{
    int saved = errno;

    if (addr != NULL)
        shmdt(addr);
    if (semid != -1)
        semctl(semid, 0, IPC_RMID);
    if (shmid != -1)
        shmctl(shmid, IPC_RMID, NULL);
    errno = saved;
}

/* Makes a new ring; see ring.h. The segment is made and its header written
 * before the semaphore set exists, and a new set starts at 0 on Linux (no
 * free slot, no message, the lock taken): a process that opens the ring half
 * made just waits until the values are set. */
struct ring *ring_create(key_t key, unsigned slots)
{
    int shmid = -1, semid = -1;
    struct ring_shared *shm = NULL;
    struct ring *r = NULL;
    size_t size = sizeof(struct ring_shared) + (size_t) slots * sizeof(struct ring_slot);

    if (slots == 0) {
        errno = EINVAL;
        return NULL;
    }
    shmid = shmget(key, size, IPC_CREAT | IPC_EXCL | 0600);
    if (shmid == -1)
        return NULL;
    shm = shmat(shmid, NULL, 0);
    if (shm == (void *) -1) {
        shm = NULL;
        goto fail;
    }
    shm->slots = slots;
    shm->head = 0;
    shm->tail = 0;

    semid = semget(key, SEM_COUNT, IPC_CREAT | IPC_EXCL | 0600);
    if (semid == -1)
        goto fail;
    /* ERANGE when slots is more than a semaphore can count (SEMVMX, 32767). */
    if (semctl(semid, SEM_FREE, SETVAL, (union semun) { .val = (int) slots }) == -1 ||
        semctl(semid, SEM_USED, SETVAL, (union semun) { .val = 0 }) == -1 ||
        semctl(semid, SEM_MUTEX, SETVAL, (union semun) { .val = 1 }) == -1)
        goto fail;

    r = malloc(sizeof *r);
    if (r == NULL)
        goto fail;
    r->shmid = shmid;
    r->semid = semid;
    r->slots = slots;
    r->shm = shm;
    return r;

fail:
    undo_create(shmid, semid, shm);
    return NULL;
}

/* Opens the ring that exists for key; see ring.h. */
struct ring *ring_open(key_t key)
{
    int shmid = shmget(key, 0, 0600);   /* size 0: any existing size will do */
    if (shmid == -1)
        return NULL;
    int semid = semget(key, 0, 0600);   /* nsems 0: whatever the set holds */
    if (semid == -1)
        return NULL;
    struct ring_shared *shm = shmat(shmid, NULL, 0);
    if (shm == (void *) -1)
        return NULL;
    if (shm->slots == 0) {          /* not a ring that ring_create made */
        shmdt(shm);
        errno = EINVAL;
        return NULL;
    }

    struct ring *r = malloc(sizeof *r);
    if (r == NULL) {
        shmdt(shm);
        errno = ENOMEM;
        return NULL;
    }
    r->shmid = shmid;
    r->semid = semid;
    r->slots = shm->slots;
    r->shm = shm;
    return r;
}

/* Appends one message; see ring.h. */
int ring_put(struct ring *r, const void *msg, size_t len)
{
    if (len > RING_MSG_MAX) {
        errno = EMSGSIZE;           /* before any wait: the ring is untouched */
        return -1;
    }
    if (sem_change(r->semid, SEM_FREE, -1) == -1)
        return -1;
    if (sem_change(r->semid, SEM_MUTEX, -1) == -1)
        return -1;

    struct ring_slot *slot = &r->shm->slot[r->shm->tail];
    r->shm->tail = (r->shm->tail + 1) % r->slots;
    if (sem_change(r->semid, SEM_MUTEX, +1) == -1)    /* the slot is ours now */
        return -1;

    slot->len = (uint32_t) len;
    if (len > 0)
        memcpy(slot->data, msg, len);
    return sem_change(r->semid, SEM_USED, +1);
}

/* Takes the oldest message; see ring.h. */
ssize_t ring_get(struct ring *r, void *buf, size_t cap)
{
    if (sem_change(r->semid, SEM_USED, -1) == -1)
        return -1;
    if (sem_change(r->semid, SEM_MUTEX, -1) == -1)
        return -1;

    const struct ring_slot *slot = &r->shm->slot[r->shm->head];
    size_t len = slot->len <= RING_MSG_MAX ? slot->len : RING_MSG_MAX;
    if (cap > 0 && len > 0)
        memcpy(buf, slot->data, len < cap ? len : cap);
    r->shm->head = (r->shm->head + 1) % r->slots;

    if (sem_change(r->semid, SEM_MUTEX, +1) == -1 ||
        sem_change(r->semid, SEM_FREE, +1) == -1)
        return -1;
    return (ssize_t) len;
}

/* Detaches and frees the handle; see ring.h. */
int ring_close(struct ring *r)
{
    if (r == NULL) {
        errno = EINVAL;
        return -1;
    }
    int rc = shmdt(r->shm);
    int saved = errno;
    free(r);
    errno = saved;
    return rc;
}

/* Removes both objects, then closes the handle; see ring.h. The semaphore
 * set goes first: that wakes every process blocked in the ring (EIDRM). */
int ring_destroy(struct ring *r)
{
    if (r == NULL) {
        errno = EINVAL;
        return -1;
    }
    int rc = 0, err = 0;
    if (semctl(r->semid, 0, IPC_RMID) == -1) {
        rc = -1;
        err = errno;
    }
    if (shmctl(r->shmid, IPC_RMID, NULL) == -1 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (ring_close(r) == -1 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc == -1)
        errno = err;
    return rc;
}
