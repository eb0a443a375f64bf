/*
 * semaphore_kit.h: semaphore sets as the kernel holds them, read from the
 * test process, and the clock the tests wait by. For the tests of the labs
 * whose student code uses semaphores (06, 07); include it after judge.h.
 *
 * Like the rest of the harness, these see the test's own ids and keys
 * (ipcmap.h) and never run student code.
 */
#ifndef SHMLABS_SEMAPHORE_KIT_H
#define SHMLABS_SEMAPHORE_KIT_H

#include <stdbool.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/types.h>

/* semctl's fourth argument, which semctl(2) leaves to the caller to define. */
union semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
};

/* Milliseconds on a monotonic clock: the difference of two readings is the
 * time that passed between them, whatever the wall clock does. */
long long clock_ms(void);

/* Sleeps about ms milliseconds (less when a signal interrupts it: callers
 * poll a condition, they do not count on the full time). */
void pause_ms(long ms);

/* IPC_STAT of set semid into *ds. False when the kernel refuses it, that is
 * when semid names no set (any more). */
bool semaphore_set_stat(int semid, struct semid_ds *ds);

/* The kernel's record of set semid. Fails the test when it cannot be read. */
struct semid_ds stat_semaphore_set(int semid);

/* One semaphore's state, semctl(semid, num, cmd) with cmd GETVAL, GETNCNT,
 * GETZCNT or GETPID. Fails the test when semctl fails. */
int semaphore_get(int semid, int num, int cmd);

/* How many processes sleep on the semaphores of the set for key, waiting
 * for a value to grow (semncnt) or to become 0 (semzcnt), summed over the
 * set; 0 when no set exists for key. */
int semaphore_sleepers(key_t key);

#endif
