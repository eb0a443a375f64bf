/*
 * semaphore_kit.c: semaphore sets from the test process (semaphore_kit.h).
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "judge.h"
#include "judge_internal.h"
#include "semaphore_kit.h"

long long clock_ms(void)
{
    return now_ms();
}

void pause_ms(long ms)
{
    struct timespec pause_for = { ms / 1000, ms % 1000 * 1000000L };

    nanosleep(&pause_for, NULL);
}

bool semaphore_set_stat(int semid, struct semid_ds *ds)
{
    union semun arg = { .buf = ds };

    return semctl(semid, 0, IPC_STAT, arg) != -1;
}

struct semid_ds stat_semaphore_set(int semid)
{
    struct semid_ds ds;

    ck_assert_msg(semaphore_set_stat(semid, &ds),
                  "the test could not read set %d (IPC_STAT): %s", semid, strerror(errno));
    return ds;
}

int semaphore_get(int semid, int num, int cmd)
{
    int v = semctl(semid, num, cmd);

    ck_assert_msg(v != -1, "the test could not read semaphore %d of set %d: %s",
                  num, semid, strerror(errno));
    return v;
}

int semaphore_sleepers(key_t key)
{
    int semid = semget(key, 0, 0);
    struct semid_ds ds;
    int total = 0;

    if (semid == -1 || !semaphore_set_stat(semid, &ds))
        return 0;
    for (unsigned long i = 0; i < ds.sem_nsems; i++) {
        int waiting = semctl(semid, (int) i, GETNCNT), for_zero = semctl(semid, (int) i, GETZCNT);
        total += (waiting > 0 ? waiting : 0) + (for_zero > 0 ? for_zero : 0);
    }
    return total;
}
