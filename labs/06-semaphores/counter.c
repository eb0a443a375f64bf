/*
 * counter.c: lab 06's lost-updates experiment, built on your semaphores.c.
 *
 * A counter lives in a shared memory segment. PROCS processes each add 1 to
 * it TIMES times: read it, wait a moment (which makes the gap between the
 * read and the write wider), write the value read plus 1. Two processes that
 * read the same value both write the same sum, and one of the two updates is
 * lost. With --lock, each increment happens between semset_wait and
 * semset_post on a semaphore that starts at 1: a mutex, and no update is lost.
 *
 *   $ ./counter
 *   2 processes x 100000 increments, no lock: expected 200000, counted 119622: 80378 updates lost
 *   124240 increments began while another process was inside one
 *   $ ./counter --lock
 *   2 processes x 100000 increments, with a lock: expected 200000, counted 200000: no update lost
 *
 * Exit status 0 when the count is right, 1 when updates were lost or a call
 * failed (one line on stderr says which), 2 for a bad command line.
 * Everything it made is removed before it ends, unless --keep says to leave
 * the segment and the set for a look with ipcs, semtool or a test.
 */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "counter.h"
#include "driver.h"
#include "semaphores.h"

#define PROG "counter"

enum {
    DEFAULT_PROCS = 2,
    DEFAULT_TIMES = 100000,
    MAX_PROCS     = 64,
    MAX_TIMES     = 10000000,
    DEFAULT_SPINS = 200,     /* the busy moment between the read and the write */
    MAX_SPINS     = 1000000
};

struct options {
    bool lock;    /* --lock: each increment inside semset_wait ... semset_post */
    bool keep;    /* --keep: leave the segment and the set behind */
    int  procs;   /* -p */
    long times;   /* -n */
    long spins;   /* -w: the window between the read and the write, in turns of a loop */
};

static const char help[] =
    "usage: " PROG " [--lock] [--keep] [-p PROCS] [-n TIMES] [-w SPINS]\n"
    "  PROCS processes (default 2, at most 64) each add 1 TIMES times (default 100000)\n"
    "  to a counter in a shared memory segment, then the total is checked. Each\n"
    "  increment reads the counter, spins SPINS turns of an empty loop (default 200),\n"
    "  then writes what it read plus 1. Exit status: 0 no update lost, 1 updates lost\n"
    "  or a call failed, 2 a bad command line.\n"
    "  --lock    guard each increment with semset_wait/semset_post on a semaphore set to 1\n"
    "  --keep    leave the segment and the semaphore set behind (remove them with ipcrm)\n";

/* Prints "counter: WHAT: strerror(errno)" on stderr; errno is unchanged. */
static void report(const char *what)
{
    driver_warn(errno, "%s", what);
}

/* Reads the command line into *opt; exits 0 after --help, 2 on an error. */
static void parse(int argc, char **argv, struct options *opt)
{
    int lock = 0, keep = 0;
    const char *procs = NULL, *times = NULL, *spins = NULL;
    const struct driver_option options[] = {
        { "--lock", &lock, NULL }, { "--keep", &keep, NULL },
        { "-p", NULL, &procs }, { "-n", NULL, &times }, { "-w", NULL, &spins },
        { NULL, NULL, NULL }
    };

    driver_start(PROG, help);
    driver_parse(argc, argv, options, NULL, NULL, 0);
    *opt = (struct options){
        .lock  = lock != 0,
        .keep  = keep != 0,
        .procs = procs ? (int) driver_number(procs, 10, 1, MAX_PROCS, "number of processes")
                       : DEFAULT_PROCS,
        .times = times ? (long) driver_number(times, 10, 1, MAX_TIMES, "number of increments")
                       : DEFAULT_TIMES,
        .spins = spins ? (long) driver_number(spins, 10, 0, MAX_SPINS, "number of spins")
                       : DEFAULT_SPINS,
    };
}

/* One increment: reads the counter, spins, writes what it read plus 1;
 * counts in shared->overlaps an increment begun while another was inside. */
static void add_one(struct counter_shared *shared, long spins)
{
    if (atomic_fetch_add(&shared->inside, 1) != 0)
        atomic_fetch_add(&shared->overlaps, 1);
    long seen = shared->count;
    for (volatile long spin = 0; spin < spins; spin++)
        ;
    shared->count = seen + 1;
    atomic_fetch_sub(&shared->inside, 1);
}

/* One process's share of the work: opt->times increments of the counter,
 * each between semset_wait and semset_post on semaphore 0 of `lock` when
 * lock is not -1. Returns 0, or 1 after saying on stderr which call failed. */
static int add_many(struct counter_shared *shared, int lock, const struct options *opt)
{
    while (!shared->go)
        sched_yield();
    for (long i = 0; i < opt->times; i++) {
        if (lock != -1 && semset_wait(lock, 0) == -1) {
            report("semset_wait");
            return 1;
        }
        add_one(shared, opt->spins);
        if (lock != -1 && semset_post(lock, 0) == -1) {
            report("semset_post");
            return 1;
        }
    }
    return 0;
}

/* Forks opt->procs processes that each run add_many, and waits for them all.
 * Returns how many did not end with status 0. */
static int run_processes(struct counter_shared *shared, int lock, const struct options *opt)
{
    int failed = 0, started = 0;

    for (; started < opt->procs; started++) {
        pid_t pid = fork();

        if (pid == -1) {
            report("fork");
            failed++;
            break;
        }
        if (pid == 0) {
            int status = add_many(shared, lock, opt);

            fflush(stderr);
            _exit(status);
        }
    }
    shared->go = 1;
    for (int i = 0; i < started; i++) {
        int status;

        if (wait(&status) == -1) {
            report("wait");
            return failed + started - i;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failed++;
    }
    return failed;
}

/* A new lock: a set of one semaphore, at 1 (open). Returns its semid, or -1
 * after saying on stderr which call failed (and removing the set). */
static int make_lock(void)
{
    int lock = semset_create(IPC_PRIVATE, 1, 0600);

    if (lock == -1) {
        report("semset_create");
        return -1;
    }
    if (semset_setval(lock, 0, 1) == -1) {
        report("semset_setval");
        semset_remove(lock);
        return -1;
    }
    return lock;
}

/* Removes the segment and the lock (when there is one); false when a
 * removal failed, after saying which on stderr. */
static bool remove_all(int shmid, int lock)
{
    bool ok = true;

    if (lock != -1 && semset_remove(lock) == -1) {
        report("semset_remove");
        ok = false;
    }
    if (shmctl(shmid, IPC_RMID, NULL) == -1) {
        report("shmctl IPC_RMID");
        ok = false;
    }
    return ok;
}

int main(int argc, char **argv)
{
    struct options opt;
    int lock = -1, failed;

    parse(argc, argv, &opt);
    int shmid = shmget(IPC_PRIVATE, sizeof(struct counter_shared), IPC_CREAT | 0600);
    if (shmid == -1) {
        report("shmget");
        return 1;
    }
    struct counter_shared *shared = shmat(shmid, NULL, 0);
    if (shared == (void *) -1) {
        report("shmat");
        shmctl(shmid, IPC_RMID, NULL);
        return 1;
    }
    if (opt.lock && (lock = make_lock()) == -1) {
        shmdt(shared);
        shmctl(shmid, IPC_RMID, NULL);
        return 1;
    }
    shared->count = 0;
    atomic_init(&shared->overlaps, 0);
    atomic_init(&shared->inside, 0);
    shared->go = 0;
    fflush(stdout);
    failed = run_processes(shared, lock, &opt);

    long expected = opt.procs * opt.times, counted = shared->count;
    long overlaps = atomic_load(&shared->overlaps);
    printf("%d process%s x %ld increments, %s: expected %ld, counted %ld: ", opt.procs,
           opt.procs == 1 ? "" : "es", opt.times, opt.lock ? "with a lock" : "no lock",
           expected, counted);
    if (counted == expected)
        printf("no update lost\n");
    else
        printf("%ld update%s lost\n", expected - counted, expected - counted == 1 ? "" : "s");
    if (overlaps > 0)
        printf("%ld increment%s began while another process was inside one\n", overlaps,
               overlaps == 1 ? "" : "s");
    if (failed > 0)
        fprintf(stderr, "%s: %d process%s failed\n", PROG, failed, failed == 1 ? "" : "es");
    shmdt(shared);
    if (opt.keep && lock != -1)
        printf("kept segment %d and semaphore set %d (ipcrm -m %d -s %d removes them)\n",
               shmid, lock, shmid, lock);
    else if (opt.keep)
        printf("kept segment %d (ipcrm -m %d removes it)\n", shmid, shmid);
    else if (!remove_all(shmid, lock))
        return 1;
    return failed == 0 && counted == expected ? 0 : 1;
}
