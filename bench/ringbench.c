/*
 * ringbench.c: when does shared memory win? Moves messages from one process
 * to another through lab 07's reference ring (solutions/07-ring/ring.c),
 * through two cheaper variants of it (ring_fused.c), through a pipe and
 * through a Unix-domain socket pair, for message sizes from 8 bytes to
 * RING_MSG_MAX; and copies them with memcpy in one process, the limit that
 * no channel between processes can beat. Prints messages per second and MB/s
 * (1 MB = 10^6 bytes), the median of repeated runs, and writes them to
 * OUTDIR/results.dat for plot.gp.
 *
 *     $ make -C bench bench          # builds, runs (about 35 s), draws out/throughput.svg
 *     $ bench/out/ringbench -r 3 -t 0.05 -o /tmp   # quicker, rougher
 *
 * Each run: the parent makes the channel and forks a consumer; once the
 * consumer is ready the clock starts, the parent sends N messages (each
 * carries its number in its first 8 bytes, which the consumer checks), and
 * the clock stops when the consumer reports it has them all. N is chosen so
 * that a run lasts about -t seconds.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ring.h"
#include "ring_fused.h"

#define PROG       "ringbench"
#define SLOTS      64          /* slots of every ring variant */
#define BATCH      16          /* messages per batch for "ring, batches" */
#define MAX_RUNS   15

static const size_t sizes[] = { 8, 16, 32, 64, 128, RING_MSG_MAX };
#define NSIZES (sizeof sizes / sizeof sizes[0])

/* ------------------------------------------------------------------------
 * Channels: one way to send a message and to take one, per transport
 * --------------------------------------------------------------------- */

struct channel {
    struct ring  *ring;        /* the reference ring */
    struct fring *fring;       /* the fused variants */
    int           fd[2];       /* pipe or socket pair: [0] read, [1] write */
};

/* Each returns 0, or -1 on failure. `msgs` holds `n` messages of `len`
 * bytes one after the other; a transport that sends one at a time is
 * called with n == 1. */
typedef int (*send_fn)(struct channel *c, const unsigned char *msgs, size_t len, unsigned n);
typedef int (*recv_fn)(struct channel *c, unsigned char *buf, size_t len, unsigned n);

static int ring_send(struct channel *c, const unsigned char *m, size_t len, unsigned n)
{
    (void) n;
    return ring_put(c->ring, m, len);
}

static int ring_recv(struct channel *c, unsigned char *buf, size_t len, unsigned n)
{
    (void) n;
    return ring_get(c->ring, buf, len) == (ssize_t) len ? 0 : -1;
}

static int fring_send(struct channel *c, const unsigned char *m, size_t len, unsigned n)
{
    (void) n;
    return fring_put(c->fring, m, len);
}

static int fring_recv(struct channel *c, unsigned char *buf, size_t len, unsigned n)
{
    (void) n;
    return fring_get(c->fring, buf, len) == (ssize_t) len ? 0 : -1;
}

static int batch_send(struct channel *c, const unsigned char *m, size_t len, unsigned n)
{
    return fring_put_batch(c->fring, m, len, n);
}

static int batch_recv(struct channel *c, unsigned char *buf, size_t len, unsigned n)
{
    return fring_get_batch(c->fring, buf, len, n);
}

/* Writes or reads exactly len bytes (a pipe may return less). */
static int fd_send(struct channel *c, const unsigned char *m, size_t len, unsigned n)
{
    (void) n;
    while (len > 0) {
        ssize_t put = write(c->fd[1], m, len);
        if (put <= 0 && errno != EINTR)
            return -1;
        if (put > 0) {
            m += put;
            len -= (size_t) put;
        }
    }
    return 0;
}

static int fd_recv(struct channel *c, unsigned char *buf, size_t len, unsigned n)
{
    (void) n;
    while (len > 0) {
        ssize_t got = read(c->fd[0], buf, len);
        if (got <= 0 && errno != EINTR)
            return -1;
        if (got > 0) {
            buf += got;
            len -= (size_t) got;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Transports: making and removing a channel
 * --------------------------------------------------------------------- */

/* The reference ring needs a key (ring_create has no IPC_PRIVATE of its
 * own); it is this run's, so that the signal handler can remove the ring's
 * objects when the run is interrupted: IPC objects outlive processes. */
static key_t ring_key;
static volatile sig_atomic_t ring_live;    /* our ring exists under ring_key */
static struct fring *volatile live_fring;  /* the fused ring of the run, if any */

/* Removes what the run has made, for an interrupted or failed run. */
static void remove_ring_objects(void)
{
    if (live_fring != NULL)
        fring_remove(live_fring);
    if (!ring_live)
        return;
    int shmid = shmget(ring_key, 0, 0), semid = semget(ring_key, 0, 0);
    if (shmid != -1)
        shmctl(shmid, IPC_RMID, NULL);
    if (semid != -1)
        semctl(semid, 0, IPC_RMID);
}

static void on_signal(int sig)
{
    remove_ring_objects();
    signal(sig, SIG_DFL);
    raise(sig);
}

enum kind { REF_RING, FUSED_RING, BATCH_RING, PIPE, SOCKET, MEMCPY, NKINDS };

struct transport {
    enum kind   kind;
    const char *name;          /* column heading, no spaces (gnuplot) */
    const char *about;
    send_fn     send;
    recv_fn     recv;
    unsigned    batch;         /* messages per send / recv call */
};

static const struct transport transports[NKINDS] = {
    { REF_RING,   "ring",        "lab 07's reference ring: 4 semop calls per put, 4 per get",
      ring_send, ring_recv, 1 },
    { FUSED_RING, "ring-fused",  "the same ring, P(free)+P(mutex) fused: 2 semop calls per put/get",
      fring_send, fring_recv, 1 },
    { BATCH_RING, "ring-batch16", "the fused ring taking and giving 16 slots per semop",
      batch_send, batch_recv, BATCH },
    { PIPE,       "pipe",        "pipe(2): one write and one read per message",
      fd_send, fd_recv, 1 },
    { SOCKET,     "socketpair",  "socketpair(AF_UNIX, SOCK_SEQPACKET): one send, one recv",
      fd_send, fd_recv, 1 },
    { MEMCPY,     "memcpy",      "one process copying each message in and out of a slot array",
      NULL, NULL, 1 },
};

static int open_channel(enum kind kind, struct channel *c)
{
    memset(c, 0, sizeof *c);
    c->fd[0] = c->fd[1] = -1;
    switch (kind) {
    case REF_RING:
        /* A key nobody uses: another program's objects are never touched. */
        for (int tries = 0; tries < 1000; tries++) {
            c->ring = ring_create(ring_key, SLOTS);
            if (c->ring != NULL || errno != EEXIST)
                break;
            ring_key = (key_t) (0x52000000 | ((ring_key + 1) & 0xffffff));
        }
        ring_live = c->ring != NULL;
        return c->ring ? 0 : -1;
    case FUSED_RING:
    case BATCH_RING:
        c->fring = live_fring = fring_create(SLOTS);
        return c->fring ? 0 : -1;
    case PIPE:
        return pipe(c->fd);
    case SOCKET: {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == -1)
            return -1;
        c->fd[0] = sv[0];
        c->fd[1] = sv[1];
        return 0;
    }
    default:
        return 0;
    }
}

static void close_channel(struct channel *c)
{
    if (c->ring != NULL && ring_destroy(c->ring) == -1)
        fprintf(stderr, PROG ": ring_destroy: %s\n", strerror(errno));
    ring_live = 0;
    live_fring = NULL;
    if (c->fring != NULL)
        fring_destroy(c->fring);
    for (int i = 0; i < 2; i++)
        if (c->fd[i] != -1)
            close(c->fd[i]);
}

/* ------------------------------------------------------------------------
 * Timing
 * --------------------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, PROG ": %s: %s\n", what, strerror(errno));
    remove_ring_objects();
    exit(1);
}

/* Numbers the batch's messages first .. first+n-1 in their first 8 bytes. */
static void stamp(unsigned char *msgs, size_t len, unsigned n, uint64_t first)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t seq = first + i;
        memcpy(msgs + i * len, &seq, sizeof seq);
    }
}

/* The consumer: takes `count` messages and checks their numbers; writes the
 * number of wrong ones to fd `done`, then exits. */
static void consume(const struct transport *t, struct channel *c, size_t len, long count,
                    int ready, int done)
{
    unsigned char buf[BATCH * RING_MSG_MAX];
    long wrong = 0;

    if (write(ready, "r", 1) != 1)
        _exit(2);
    for (long i = 0; i < count; i += t->batch) {
        if (t->recv(c, buf, len, t->batch) == -1)
            _exit(3);
        for (unsigned k = 0; k < t->batch; k++) {
            uint64_t seq;
            memcpy(&seq, buf + k * len, sizeof seq);
            wrong += seq != (uint64_t) (i + k);
        }
    }
    _exit(write(done, &wrong, sizeof wrong) == sizeof wrong ? 0 : 4);
}

/* memcpy in one process: each message copied into a slot and out again, as
 * the ring copies it, with nothing else. Returns the seconds it took. */
static double copy_run(size_t len, long count)
{
    static unsigned char slots[SLOTS][RING_MSG_MAX];
    unsigned char msg[RING_MSG_MAX], out[RING_MSG_MAX];
    uint64_t sum = 0;

    memset(msg, 'm', sizeof msg);
    double start = now();
    for (long i = 0; i < count; i++) {
        memcpy(msg, &i, sizeof i);
        memcpy(slots[i % SLOTS], msg, len);
        __asm__ volatile("" : : "r"(slots) : "memory");   /* the copy must happen */
        memcpy(out, slots[i % SLOTS], len);
        __asm__ volatile("" : : "r"(out) : "memory");
        sum += out[0];
    }
    double took = now() - start;
    if (sum == 1)                   /* never; keeps the loop's result alive */
        putchar(' ');
    return took;
}

/* Voluntary context switches of this process so far: each one is a sleep
 * (a blocked read, write or semop) and the wake-up that ended it. */
static long sleeps_so_far(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_nvcsw;
}

/* One timed run of `count` messages of `len` bytes. Returns the seconds, and
 * in *sleeps the number of times the two processes went to sleep. */
static double timed_run(const struct transport *t, size_t len, long count, long *sleeps)
{
    unsigned char msgs[BATCH * RING_MSG_MAX];
    struct channel c;
    int ready[2], done[2];
    long wrong;
    char byte;

    *sleeps = 0;
    if (t->kind == MEMCPY)
        return copy_run(len, count);
    memset(msgs, 'm', sizeof msgs);
    if (open_channel(t->kind, &c) == -1)
        die(t->name);
    if (pipe(ready) == -1 || pipe(done) == -1)
        die("pipe");
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0)
        consume(t, &c, len, count, ready[1], done[1]);
    if (read(ready[0], &byte, 1) != 1)
        die("the consumer did not start");

    long slept = sleeps_so_far();
    double start = now();
    for (long i = 0; i < count; i += t->batch) {
        stamp(msgs, len, t->batch, (uint64_t) i);
        if (t->send(&c, msgs, len, t->batch) == -1)
            die(t->name);
    }
    if (read(done[0], &wrong, sizeof wrong) != sizeof wrong)
        die("the consumer failed");
    double took = now() - start;
    slept = sleeps_so_far() - slept;

    int status;
    struct rusage child;
    if (wait4(pid, &status, 0, &child) == pid)
        slept += child.ru_nvcsw - 1;    /* less its wait for the read of `ready` */
    *sleeps = slept;
    close_channel(&c);
    for (int i = 0; i < 2; i++) {
        close(ready[i]);
        close(done[i]);
    }
    if (wrong != 0) {
        fprintf(stderr, PROG ": %s: %ld of %ld messages arrived wrong\n", t->name, wrong, count);
        exit(1);
    }
    return took;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t) n, sizeof v[0], by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* What one transport achieved for one message size: medians of the runs. */
struct figure {
    double rate;               /* messages per second */
    double sleeps;             /* times a process went to sleep, per message */
};

/* Measures `runs` runs of about `seconds` each. */
static struct figure measure(const struct transport *t, size_t len, int runs, double seconds)
{
    double rate[MAX_RUNS], sleeps[MAX_RUNS];
    long count = t->kind == MEMCPY ? 1000000 : 20000, slept;

    double took = timed_run(t, len, count, &slept);     /* also warms up */
    count = (long) (seconds / took * (double) count);
    count -= count % BATCH;
    if (count < BATCH * 100)
        count = BATCH * 100;
    for (int r = 0; r < runs; r++) {
        rate[r] = (double) count / timed_run(t, len, count, &slept);
        sleeps[r] = (double) slept / (double) count;
    }
    return (struct figure) { median(rate, runs), median(sleeps, runs) };
}

/* ------------------------------------------------------------------------
 * Output
 * --------------------------------------------------------------------- */

enum column { RATE, MBPS, SLEEPS };

/* The figure of one cell of a table. */
static double cell(const struct figure *f, size_t size, enum column what)
{
    return what == RATE ? f->rate : what == MBPS ? f->rate * (double) size / 1e6 : f->sleeps;
}

static void print_table(const char *title, struct figure fig[NSIZES][NKINDS], enum column what,
                        int kinds)
{
    printf("\n%s\n%6s", title, "bytes");
    for (int k = 0; k < kinds; k++)
        printf(" %13s", transports[k].name);
    printf("\n");
    for (size_t s = 0; s < NSIZES; s++) {
        printf("%6zu", sizes[s]);
        for (int k = 0; k < kinds; k++)
            printf(" %13.*f", what == RATE ? 0 : what == MBPS ? 1 : 3,
                   cell(&fig[s][k], sizes[s], what));
        printf("\n");
    }
}

static void write_results(const char *dir, struct figure fig[NSIZES][NKINDS], int runs)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/results.dat", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        die(path);
    fprintf(f, "# ringbench: messages per second (columns 2-%d) and MB/s (columns %d-%d),\n"
               "# medians of %d runs, %ld processors\nbytes",
            1 + NKINDS, 2 + NKINDS, 1 + 2 * NKINDS, runs, sysconf(_SC_NPROCESSORS_ONLN));
    for (int k = 0; k < NKINDS; k++)
        fprintf(f, " %s", transports[k].name);
    for (int k = 0; k < NKINDS; k++)
        fprintf(f, " %s", transports[k].name);
    fprintf(f, "\n");
    for (size_t s = 0; s < NSIZES; s++) {
        fprintf(f, "%zu", sizes[s]);
        for (int k = 0; k < NKINDS; k++)
            fprintf(f, " %.0f", cell(&fig[s][k], sizes[s], RATE));
        for (int k = 0; k < NKINDS; k++)
            fprintf(f, " %.2f", cell(&fig[s][k], sizes[s], MBPS));
        fprintf(f, "\n");
    }
    if (fclose(f) == EOF)
        die(path);
    printf("\nwrote %s\n", path);
}

static void usage(FILE *to)
{
    fprintf(to, "usage: " PROG " [-r RUNS] [-t SECONDS] [-o DIR]\n"
                "Measures messages/s and MB/s between two processes through lab 07's ring,\n"
                "two faster variants of it, a pipe and a socket pair, and memcpy in one\n"
                "process, for messages of 8 to %d bytes.\n"
                "  -r RUNS     runs per measurement, the median is kept (default 7, max %d)\n"
                "  -t SECONDS  length of one run (default 0.12)\n"
                "  -o DIR      write DIR/results.dat (default: out)\n",
            RING_MSG_MAX, MAX_RUNS);
}

int main(int argc, char **argv)
{
    int runs = 7;
    double seconds = 0.12;
    const char *dir = "out";
    struct figure fig[NSIZES][NKINDS];

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
            runs = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
            seconds = atof(argv[++i]);
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else {
            usage(strcmp(argv[i], "--help") == 0 ? stdout : stderr);
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    if (runs < 1 || runs > MAX_RUNS || !(seconds > 0.001 && seconds < 10)) {
        usage(stderr);
        return 2;
    }
    ring_key = (key_t) (0x52000000 | (getpid() & 0xffffff));
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    printf("ringbench: %ld processors, %d runs of ~%.2f s per figure (medians), %d-slot rings\n",
           sysconf(_SC_NPROCESSORS_ONLN), runs, seconds, SLOTS);
    for (int k = 0; k < NKINDS; k++)
        printf("  %-13s %s\n", transports[k].name, transports[k].about);
    for (size_t s = 0; s < NSIZES; s++) {
        for (int k = 0; k < NKINDS; k++)
            fig[s][k] = measure(&transports[k], sizes[s], runs, seconds);
        fprintf(stderr, ".");
    }
    fprintf(stderr, "\n");
    print_table("messages per second", fig, RATE, NKINDS);
    print_table("MB per second (10^6 bytes)", fig, MBPS, NKINDS);
    print_table("sleeps per message (voluntary context switches of both processes)", fig,
                SLEEPS, NKINDS - 1);
    write_results(dir, fig, runs);
    return 0;
}
