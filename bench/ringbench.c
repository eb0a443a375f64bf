/*
 * ringbench.c: when does shared memory win? Moves messages of 8 bytes to
 * 1 MiB from one process to another through a pipe, a socket pair, lab 07's
 * ring (the student's ring.c), a single-producer single-consumer ring with
 * C11 atomics, and the same ring used in place (zero copy); and copies them
 * with memcpy in one process, the limit for anything that copies. Prints one
 * table of MB/s with each shared-memory channel against the pipe, where each
 * one overtakes the pipe (the crossover), and the sleeps per message that
 * explain it; writes OUTDIR/results.dat and OUTDIR/crossovers.dat for plot.gp.
 *
 *     $ make -C bench bench                     # builds, runs (~40 s), draws out/throughput.svg
 *     $ bench/out/ringbench -r 1 -t 0.01 -o /tmp  # a rough run in seconds
 *
 * A run: the parent opens the channel and forks a consumer and a producer.
 * Once both are ready, the producer takes the time and sends N messages; the
 * consumer checks every byte of each and takes the time after the last. N is
 * chosen so that a run lasts about -t seconds; each figure is from the fastest
 * of -r runs. A run that takes far longer than -t is abandoned (RUN_LIMIT).
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "channel.h"
#include "report.h"

#define PROG       "ringbench"
#ifndef RING_SOURCE
#define RING_SOURCE "ring.c"       /* the file lab 07's ring was built from */
#endif
#define MAX_RUNS   15
#define RUN_LIMIT(t) (5 + 10 * (t))   /* seconds a run of about t seconds may take */
#define KIB        1024u

static const size_t all_sizes[] = { 8, 64, 256, KIB, 4 * KIB, 16 * KIB, 64 * KIB, 256 * KIB,
                                     1024 * KIB };
_Static_assert(sizeof all_sizes / sizeof all_sizes[0] == MAX_SIZES, "MAX_SIZES of report.h");
#define MAX_BYTES (1024 * KIB)

/* What one run measured. */
struct sample {
    double seconds;
    double sleeps;             /* voluntary context switches, both processes */
    double preempted;          /* involuntary ones */
};

/* What a child sends the parent at the end of its part of a run. */
struct report {
    double clock;              /* producer: when it started; consumer: when it ended */
    long   wrong;              /* consumer: messages that arrived wrong */
    long   nvcsw, nivcsw;      /* its context switches while timed */
    int    error;              /* errno of the send or receive that failed, or 0 */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* The producer and consumer of the run under way, for on_signal. */
static volatile sig_atomic_t live_kids[2];

static void on_signal(int sig)
{
    for (int k = 0; k < 2; k++)
        if (live_kids[k] > 0) {
            kill((pid_t) live_kids[k], SIGKILL);
            waitpid((pid_t) live_kids[k], NULL, 0);
        }
    channel_remove_objects();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void close_pair(int p[2])
{
    for (int i = 0; i < 2; i++)
        if (p[i] != -1)
            close(p[i]);
    p[0] = p[1] = -1;
}

/* ------------------------------------------------------------------------
 * The two children of a run
 * --------------------------------------------------------------------- */

/* Starts the context switch count of *rep. */
static void switches_start(struct report *rep)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    rep->nvcsw = -ru.ru_nvcsw;
    rep->nivcsw = -ru.ru_nivcsw;
}

static void switches_stop(struct report *rep)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    rep->nvcsw += ru.ru_nvcsw;
    rep->nivcsw += ru.ru_nivcsw;
}

/* In a new child: the parent's clean-up on a signal is not the child's. */
static void become_child(void)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
}

/* Sends the report and ends the child. */
static _Noreturn void finish(int fd, const struct report *rep)
{
    _exit(write(fd, rep, sizeof *rep) == (ssize_t) sizeof *rep ? 0 : 2);
}

/* The producer: waits for a byte on `go`, then sends `count` messages. */
static _Noreturn void produce(struct channel *c, size_t len, long count, int go, int out)
{
    struct report rep = { 0 };
    char byte;

    channel_take_side(c, PRODUCER);
    if (read(go, &byte, 1) != 1)
        _exit(2);
    switches_start(&rep);
    rep.clock = now();
    for (long i = 0; i < count; i++)
        if (channel_send(c, (uint64_t) i, len) == -1) {
            rep.error = errno;
            break;
        }
    switches_stop(&rep);
    finish(out, &rep);
}

/* The consumer: says it is ready with one byte on `out`, then takes and
 * checks `count` messages. */
static _Noreturn void consume(struct channel *c, size_t len, long count, int out)
{
    struct report rep = { 0 };

    channel_take_side(c, CONSUMER);
    switches_start(&rep);
    if (write(out, "r", 1) != 1)
        _exit(2);
    for (long i = 0; i < count; i++) {
        int result = channel_receive(c, (uint64_t) i, len);
        if (result == -1) {
            rep.error = errno;
            break;
        }
        rep.wrong += result;
    }
    rep.clock = now();
    switches_stop(&rep);
    finish(out, &rep);
}

/* ------------------------------------------------------------------------
 * One run
 * --------------------------------------------------------------------- */

/* Reads exactly n bytes from fd before `deadline` (now() time). Returns 0,
 * or -1 on timeout, end of file or error. */
static int read_by(int fd, void *buf, size_t n, double deadline)
{
    unsigned char *at = buf;
    while (n > 0) {
        double left = deadline - now();
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (left <= 0 || poll(&p, 1, (int) (left * 1000) + 1) == 0)
            return -1;
        ssize_t got = read(fd, at, n);
        if (got == -1 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        at += got;
        n -= (size_t) got;
    }
    return 0;
}

/* One line about a child's report that went wrong into why, or 0 if fine. */
static int judge(const struct report *rep, const char *who, long count, char *why, size_t cap)
{
    if (rep->error != 0)
        snprintf(why, cap, "the %s failed: %s", who, strerror(rep->error));
    else if (rep->wrong != 0)
        snprintf(why, cap, "%ld of %ld messages arrived wrong", rep->wrong, count);
    return rep->error != 0 || rep->wrong != 0 ? -1 : 0;
}

/* Moves `count` messages of `len` bytes through a new channel of `kind`.
 * Returns 0 and fills *s, or -1 with one line in `why`. */
static double run_seconds = 0.1;    /* -t */

static int timed_run(enum channel_kind kind, size_t len, long count, struct sample *s,
                     char *why, size_t cap)
{
    struct channel c;
    int go[2] = { -1, -1 }, from_consumer[2] = { -1, -1 }, from_producer[2] = { -1, -1 };
    struct report got[2];      /* [0] producer, [1] consumer */
    pid_t kids[2] = { -1, -1 };
    char ready;
    int result = -1;

    if (channel_open(&c, kind, len) == -1) {
        snprintf(why, cap, "could not open it: %s", strerror(errno));
        return -1;
    }
    if (pipe(go) == -1 || pipe(from_consumer) == -1 || pipe(from_producer) == -1) {
        snprintf(why, cap, "pipe: %s", strerror(errno));
        goto out;
    }
    if ((live_kids[1] = kids[1] = fork()) == 0) {
        become_child();
        close_pair(go);
        close_pair(from_producer);
        close(from_consumer[0]);
        consume(&c, len, count, from_consumer[1]);
    }
    if (kids[1] != -1 && (live_kids[0] = kids[0] = fork()) == 0) {
        become_child();
        close(go[1]);
        close_pair(from_consumer);
        close(from_producer[0]);
        produce(&c, len, count, go[0], from_producer[1]);
    }
    close(go[0]);
    close(from_consumer[1]);
    close(from_producer[1]);
    go[0] = from_consumer[1] = from_producer[1] = -1;
    close_pair(c.fd);          /* so that either child sees the other one leave */
    if (kids[0] == -1) {
        snprintf(why, cap, "fork: %s", strerror(errno));
        goto out;
    }
    double deadline = now() + RUN_LIMIT(run_seconds);
    if (read_by(from_consumer[0], &ready, 1, deadline) == -1 || write(go[1], "g", 1) != 1
        || read_by(from_producer[0], &got[0], sizeof got[0], deadline) == -1
        || read_by(from_consumer[0], &got[1], sizeof got[1], deadline) == -1) {
        snprintf(why, cap, "a run of %ld messages did not end within %.0f s", count,
                 RUN_LIMIT(run_seconds));
        goto out;
    }
    if (judge(&got[0], "producer", count, why, cap) == 0
        && judge(&got[1], "consumer", count, why, cap) == 0) {
        s->seconds = got[1].clock - got[0].clock;
        s->sleeps = (double) (got[0].nvcsw + got[1].nvcsw);
        s->preempted = (double) (got[0].nivcsw + got[1].nivcsw);
        result = 0;
    }
out:
    for (int k = 0; k < 2; k++)
        if (kids[k] > 0) {
            if (result == -1)
                kill(kids[k], SIGKILL);
            waitpid(kids[k], NULL, 0);
            live_kids[k] = 0;
        }
    close_pair(go);
    close_pair(from_consumer);
    close_pair(from_producer);
    channel_close(&c);
    return result;
}

/* memcpy in one process: `count` copies of a `len`-byte message into a
 * round of destination slots as many as the SPSC ring's, nothing else. Fills *s; returns 0 or -1. */
static int copy_run(size_t len, long count, struct sample *s, char *why, size_t cap)
{
    size_t slots = channel_ring_slots(len);
    unsigned char *src = malloc(len), *dst = malloc(slots * len);

    if (src == NULL || dst == NULL) {
        snprintf(why, cap, "out of memory");
        free(src);
        free(dst);
        return -1;
    }
    memset(src, 'm', len);
    memset(dst, 0, slots * len);     /* page faults now, not while timed */
    double start = now();
    for (long i = 0; i < count; i++) {
        memcpy(dst + (size_t) i % slots * len, src, len);
        __asm__ volatile("" : : "r"(dst) : "memory");    /* the copy must happen */
    }
    *s = (struct sample) { .seconds = now() - start };
    free(src);
    free(dst);
    return 0;
}

static int one_run(int col, size_t len, long count, struct sample *s, char *why, size_t cap)
{
    return col == MEMCPY ? copy_run(len, count, s, why, cap)
                         : timed_run((enum channel_kind) col, len, count, s, why, cap);
}

/* ------------------------------------------------------------------------
 * A figure: calibrated, repeated runs
 * --------------------------------------------------------------------- */

/* Measures column `col` at `len` bytes: finds a count of messages that takes
 * about `seconds`, then keeps the fastest of `runs` runs (other work on the
 * machine only ever slows a run down, so the fastest run is the one closest
 * to what the channel itself costs). Returns 0, or -1 with one line in `why`. */
static int measure(int col, size_t len, int runs, double seconds, struct figure *f,
                   char *why, size_t cap)
{
    struct sample s;
    long count = 1;

    for (;;) {                                   /* also warms up */
        if (one_run(col, len, count, &s, why, cap) == -1)
            return -1;
        if (s.seconds >= seconds / 4 || count > 100000000)
            break;
        double grow = s.seconds > 0 ? seconds / s.seconds : 100;
        count = (long) ((double) count * (grow < 100 ? grow : 100)) + 1;
    }
    count = (long) ((double) count * seconds / s.seconds);
    if (count < 1)
        count = 1;
    *f = (struct figure) { 0 };
    for (int r = 0; r < runs; r++) {
        if (one_run(col, len, count, &s, why, cap) == -1)
            return -1;
        double mbps = (double) count * (double) len / s.seconds / 1e6;
        if (r == 0 || mbps > f->mbps)
            *f = (struct figure) { 1, mbps, s.sleeps / (double) count,
                                   s.preempted / (double) count };
    }
    if (!(isfinite(f->mbps) && f->mbps > 0)) {
        snprintf(why, cap, "measured %g MB/s, not a throughput", f->mbps);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Main
 * --------------------------------------------------------------------- */

static void usage(FILE *to)
{
    fprintf(to, "usage: " PROG " [-r RUNS] [-t SECONDS] [-o DIR] [-s BYTES]\n"
                "Measures MB/s between two processes through a pipe, a socket pair, lab 07's\n"
                "ring, an SPSC ring with atomics (copying and in place), and memcpy in one\n"
                "process, for messages of 8 bytes to 1 MiB; prints the table and where shared\n"
                "memory overtakes the pipe; writes DIR/results.dat and DIR/crossovers.dat.\n"
                "  -r RUNS     runs per figure, the fastest is kept (default 5, at most %d)\n"
                "  -t SECONDS  length of one run (default 0.1)\n"
                "  -o DIR      where to write (default: out)\n"
                "  -s BYTES    measure this one message size only (a multiple of 8)\n",
            MAX_RUNS);
}

int main(int argc, char **argv)
{
    int runs = 5;
    double seconds = run_seconds;
    const char *dir = "out";
    unsigned long one_size = 0;
    static struct results res;
    char why[512];

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
            runs = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
            seconds = atof(argv[++i]);
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
            char *end;
            one_size = strtoul(argv[++i], &end, 10);
            if (*end != '\0' || one_size == 0)
                one_size = 1;                   /* refused below */
        } else {
            int help = strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
            if (!help)
                fprintf(stderr, PROG ": unknown or incomplete option '%s'\n", argv[i]);
            usage(help ? stdout : stderr);
            return help ? 0 : 2;
        }
    }
    if (runs < 1 || runs > MAX_RUNS || !(seconds >= 0.001 && seconds <= 10)) {
        fprintf(stderr, PROG ": -r must be 1 to %d and -t 0.001 to 10 seconds\n", MAX_RUNS);
        return 2;
    }
    if (one_size != 0 && (one_size % 8 != 0 || one_size > MAX_BYTES)) {
        fprintf(stderr, PROG ": -s must be a multiple of 8 from 8 to %u bytes\n", MAX_BYTES);
        return 2;
    }
    res.runs = runs;
    res.nsizes = one_size != 0 ? 1 : MAX_SIZES;
    for (size_t s = 0; s < res.nsizes; s++)
        res.sizes[s] = one_size != 0 ? one_size : all_sizes[s];
    run_seconds = seconds;
    if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
        fprintf(stderr, PROG ": %s: %s\n", dir, strerror(errno));
        return 2;
    }
    if (channel_check_messages() == -1) {
        fprintf(stderr, PROG ": the message check itself is broken: nothing measured\n");
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);       /* a consumer gone: the write fails with EPIPE */

    printf(PROG ": %ld processors, %d runs of about %.3g s per figure\n",
           sysconf(_SC_NPROCESSORS_ONLN), runs, seconds);
    for (int col = 0; col < NCHANNELS; col++)
        printf("  %-11s %s\n", column_name(col), channel_about[col]);
    printf("  %-11s one process copying each message once: the limit for a copy\n",
           column_name(MEMCPY));
    int usable[NCOLUMNS];
    for (int col = 0; col < NCOLUMNS; col++)
        usable[col] = 1;
    if (lab_ring_check(LAB_RING, why, sizeof why) == -1) {
        printf("lab 07's ring (%s) is not done yet: %s. The other channels are measured.\n",
               RING_SOURCE, why);
        usable[LAB_RING] = usable[BIG_RING] = 0;
    } else if (lab_ring_check(BIG_RING, why, sizeof why) == -1) {
        printf("lab 07's ring (%s) built with 1 MiB slots failed: %s. Not measured.\n",
               RING_SOURCE, why);
        usable[BIG_RING] = 0;
    }

    fflush(stdout);                 /* the lines above, before the wait */
    for (size_t s = 0; s < res.nsizes; s++) {
        for (int col = 0; col < NCOLUMNS; col++) {
            /* With messages that fit the lab's slots, both builds are the same ring. */
            if (!usable[col] || (col == BIG_RING && res.sizes[s] <= channel_piece(LAB_RING)))
                continue;
            if (measure(col, res.sizes[s], runs, seconds, &res.fig[s][col], why, sizeof why) == 0)
                continue;
            if (col != LAB_RING && col != BIG_RING) {
                fprintf(stderr, "\n" PROG ": %s, %zu bytes: %s\n", column_name(col), res.sizes[s],
                        why);
                return 1;
            }
            printf("\n%s failed at %zu bytes (%s): not measured further\n", column_name(col),
                   res.sizes[s], why);
            usable[col] = 0;
        }
        fprintf(stderr, ".");
    }
    fprintf(stderr, "\n");
    report_print(&res);
    return report_write(&res, dir) == 0 ? 0 : 1;
}
