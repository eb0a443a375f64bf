/*
 * stuck.c: whether the processes of a test can still make progress.
 *
 * While a test waits for a call that should return, the test itself does
 * nothing that could wake a process. So when every process of the test
 * sleeps in a system call that only another of them could end (semop,
 * pause, wait4, a futex, a read of the test's pipe ...), the call will never
 * return, and the test can say so at once instead of waiting out its clock.
 * A process that runs, sleeps with a timeout (nanosleep, poll) or waits for
 * the kernel (disk) might still end the call: then nothing is concluded
 * here, but a subject that only sleeps can be told apart from one that
 * runs (subject_sleeping): under valgrind, where running is slow and the
 * wall clock long, sleeping is not slowed.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "judge.h"
#include "judge_internal.h"

enum { MAX_TASKS = 256 };

/* A system call that only another process of the test can end, or NULL. */
static const char *waits_for_others(long nr, const unsigned long args[6])
{
    switch (nr) {
    case SYS_read:
        return args[0] == RPC_REQUEST_FD ? "read" : NULL;   /* a subject waiting for the test */
#ifdef SYS_pause
    case SYS_pause:          return "pause";
#endif
    case SYS_rt_sigsuspend:  return "sigsuspend";
#ifdef SYS_semop
    case SYS_semop:          return "semop";
#endif
    case SYS_semtimedop:     return args[3] == 0 ? "semop" : NULL;      /* no timeout */
    case SYS_wait4:          return "waitpid";
    case SYS_waitid:         return "waitid";
    case SYS_msgrcv:         return "msgrcv";
    case SYS_msgsnd:         return "msgsnd";
    case SYS_futex:          /* FUTEX_WAIT (0) or FUTEX_WAIT_BITSET (9), without a timeout */
        return ((args[1] & 127) == 0 || (args[1] & 127) == 9) && args[3] == 0 ? "a futex wait" : NULL;
    default:                 return NULL;
    }
}

/* What one task is doing: 'W' waiting for others (with the call's name in
 * *call), 'S' asleep in a call that ends by itself (a timed sleep or wait),
 * 'I' inert (stopped or a zombie), 'G' running or waiting for the kernel.
 * Adds its CPU ticks to *ticks. */
static char task_state(pid_t pid, pid_t tid, const char **call, unsigned long long *ticks)
{
    char file[64], buf[512];
    snprintf(file, sizeof file, "task/%d/stat", (int) tid);
    FILE *f = open_proc_of(pid, file);
    if (f == NULL)
        return 'I';                                   /* gone meanwhile */
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *after_name = strrchr(buf, ')');
    unsigned long long utime = 0, stime = 0;
    char state = '?';
    if (after_name == NULL ||
        sscanf(after_name + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
               &state, &utime, &stime) != 3)
        return 'G';
    *ticks += utime + stime;
    if (state == 'T' || state == 't' || state == 'Z' || state == 'X')
        return 'I';
    if (state != 'S')
        return 'G';
    snprintf(file, sizeof file, "task/%d/syscall", (int) tid);
    f = open_proc_of(pid, file);
    long nr = -1;
    unsigned long args[6] = { 0 };
    bool known = f != NULL && fscanf(f, "%ld %lx %lx %lx %lx %lx %lx", &nr, &args[0], &args[1],
                                     &args[2], &args[3], &args[4], &args[5]) == 7;
    if (f != NULL)
        fclose(f);
    *call = known ? waits_for_others(nr, args) : NULL;
    return *call != NULL ? 'W' : 'S';
}

/* The tasks of pid (its threads) into tids; returns how many. */
static size_t tasks_of(pid_t pid, pid_t *tids, size_t max)
{
    char path[64];
    size_t n = 0;
    snprintf(path, sizeof path, "/proc/%d/task", (int) pid);
    DIR *d = opendir(path);
    struct dirent *e;
    while (d != NULL && n < max && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            tids[n++] = (pid_t) atoi(e->d_name);
    if (d != NULL)
        closedir(d);
    return n;
}

/* Appends the children of task tid of pid to procs (of at most max). */
static size_t add_children(pid_t pid, pid_t tid, pid_t *procs, size_t used, size_t max)
{
    char path[96];
    int child;
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int) pid, (int) tid);
    FILE *f = fopen(path, "re");
    while (f != NULL && used < max && fscanf(f, "%d", &child) == 1)
        procs[used++] = (pid_t) child;
    if (f != NULL)
        fclose(f);
    return used;
}

bool test_processes_stuck(pid_t called, const char **call, unsigned long long *ticks)
{
    pid_t procs[MAX_TASKS], tids[MAX_TASKS];
    size_t nprocs = add_children(getpid(), getpid(), procs, 0, MAX_TASKS);
    bool any_waiting = false;

    *call = NULL;
    *ticks = 0;
    for (size_t p = 0; p < nprocs; p++) {
        size_t ntids = tasks_of(procs[p], tids, MAX_TASKS);
        for (size_t t = 0; t < ntids; t++) {
            const char *what = NULL;
            char state = task_state(procs[p], tids[t], &what, ticks);
            if (state == 'G' || state == 'S')
                return false;
            any_waiting |= state == 'W' && strcmp(what, "read") != 0;
            if (procs[p] == called && tids[t] == called)
                *call = what;
            nprocs = add_children(procs[p], tids[t], procs, nprocs, MAX_TASKS);
        }
    }
    return any_waiting && nprocs < MAX_TASKS;
}

bool subject_sleeping(pid_t pid, unsigned long long *ticks)
{
    pid_t tids[MAX_TASKS];
    size_t ntids = tasks_of(pid, tids, MAX_TASKS);
    bool sleeping = ntids > 0;

    *ticks = 0;
    for (size_t t = 0; t < ntids; t++) {
        const char *what = NULL;
        sleeping &= task_state(pid, tids[t], &what, ticks) == 'S';
    }
    return sleeping;
}
