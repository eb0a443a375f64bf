/*
 * channel.c: the channels of channel.h. Lab 07's ring is the student's own
 * ring.c (or the file make's RING= names), used only through ring.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.h"
#include "ring_api.h"
#include "spsc.h"

#define LAB_RING_SLOTS 64          /* slots of lab 07's ring */
#define BIG_RING_SLOTS 4           /* ... and of its build with 1 MiB slots */
#define SPSC_SLOTS     64          /* slots of the SPSC ring, for small messages */
#define SPSC_BYTES     (4u << 20)  /* ... and at most this much of them, at least 2 slots */
#define CHECK_SECONDS  5           /* lab_ring_check's bound */

const char *const channel_name[NCHANNELS] = {
    [PIPE] = "pipe", [SOCKETPAIR] = "socketpair", [LAB_RING] = "lab-ring",
    [BIG_RING] = "lab-ring-1M", [SPSC_RING] = "spsc", [ZERO_COPY] = "zero-copy",
};

const char *const channel_about[NCHANNELS] = {
    [PIPE]       = "pipe(2), 64 KiB buffer: write and read, 2 copies through the kernel",
    [SOCKETPAIR] = "socketpair(AF_UNIX, SOCK_STREAM): send and recv, 2 copies",
    [LAB_RING]   = "lab 07's ring, 64 slots of RING_MSG_MAX bytes: 2 copies, 4 semop calls"
                   " per put and per get, larger messages in chunks",
    [BIG_RING]   = "the same ring.c built with RING_MSG_MAX = 1 MiB, 4 slots: a message"
                   " in one put and one get",
    [SPSC_RING]  = "single-producer single-consumer ring, C11 atomics, semop only when"
                   " empty or full: 2 copies",
    [ZERO_COPY]  = "the same ring used in place: the producer writes into the slot,"
                   " hands over its index: 0 copies",
};

/* The open channel's IPC objects, for channel_remove_objects. */
static volatile sig_atomic_t ring_shmid = -1, ring_semid = -1;
static struct spsc *volatile live_spsc;

static const struct ring_api *api_of(enum channel_kind kind)
{
    return kind == BIG_RING ? &big_ring_api : &lab_ring_api;
}

size_t channel_piece(enum channel_kind kind)
{
    return kind == LAB_RING || kind == BIG_RING ? api_of(kind)->msg_max : SIZE_MAX;
}

/* ------------------------------------------------------------------------
 * Messages: every byte written by the producer, read by the consumer
 * --------------------------------------------------------------------- */

/* Writes message `seq`: its number, then len - 8 bytes of its low byte. */
static void message_make(unsigned char *m, size_t len, uint64_t seq)
{
    memcpy(m, &seq, sizeof seq);
    memset(m + sizeof seq, (int) (seq & 0xff), len - sizeof seq);
}

/* Returns 1 when m holds message `seq` of len bytes (len a multiple of 8). */
static int message_intact(const unsigned char *m, size_t len, uint64_t seq)
{
    const uint64_t fill = UINT64_C(0x0101010101010101) * (seq & 0xff);
    uint64_t word, bad;

    memcpy(&word, m, sizeof word);
    bad = word ^ seq;
    for (size_t at = sizeof word; at < len; at += sizeof word) {
        memcpy(&word, m + at, sizeof word);
        bad |= word ^ fill;
    }
    return bad == 0;
}

/* Writes or reads exactly len bytes (a pipe or socket may move fewer).
 * Return 0, or -1 with errno set (EPIPE when the other end closed). */
static int write_all(int fd, const unsigned char *m, size_t len)
{
    while (len > 0) {
        ssize_t put = write(fd, m, len);
        if (put == -1 && errno == EINTR)
            continue;
        if (put <= 0)
            return -1;
        m += put;
        len -= (size_t) put;
    }
    return 0;
}

static int read_all(int fd, unsigned char *buf, size_t len)
{
    while (len > 0) {
        ssize_t got = read(fd, buf, len);
        if (got == -1 && errno == EINTR)
            continue;
        if (got <= 0) {
            if (got == 0)
                errno = EPIPE;
            return -1;
        }
        buf += got;
        len -= (size_t) got;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Lab 07's ring
 * --------------------------------------------------------------------- */

/* Removes the lab ring's objects by id, if ring_destroy left them. */
static void remove_lab_ring_objects(void)
{
    if (ring_shmid != -1)
        shmctl(ring_shmid, IPC_RMID, NULL);
    if (ring_semid != -1)
        semctl(ring_semid, 0, IPC_RMID);
    ring_shmid = ring_semid = -1;
}

/* 1 when no segment and no semaphore set exist for key. */
static int key_is_free(key_t key)
{
    return shmget(key, 0, 0) == -1 && errno == ENOENT && semget(key, 0, 0) == -1
           && errno == ENOENT;
}

/* A new ring of `slots` slots made by api->create under a key nobody uses,
 * its ids noted for clean-up; or NULL with errno set. Objects that a failed
 * ring_create left under that key are removed. */
static struct ring *make_lab_ring(const struct ring_api *api, unsigned slots)
{
    unsigned base = (unsigned) getpid() * 131u;
    for (unsigned tries = 0; tries < 1000; tries++) {
        key_t key = (key_t) (0x52000000u | ((base + tries) & 0xffffffu));
        if (!key_is_free(key))
            continue;
        struct ring *r = api->create(key, slots);
        int saved = errno;
        ring_shmid = shmget(key, 0, 0);
        ring_semid = semget(key, 0, 0);
        if (r != NULL)
            return r;
        if (saved == EEXIST) {          /* someone else's now: not ours to remove */
            ring_shmid = ring_semid = -1;
            continue;
        }
        remove_lab_ring_objects();
        errno = saved;
        return NULL;
    }
    errno = EEXIST;
    return NULL;
}

/* Sends a message through the ring in chunks of at most msg_max bytes. */
static int lab_ring_send(const struct channel *c, const unsigned char *m, size_t len)
{
    size_t most = c->api->msg_max;
    for (size_t at = 0; at < len; at += most) {
        size_t n = len - at < most ? len - at : most;
        if (c->api->put(c->ring, m + at, n) == -1)
            return -1;
    }
    return 0;
}

/* Receives a message sent by lab_ring_send: 0, 1 when a chunk had the wrong
 * length, or -1. */
static int lab_ring_receive(const struct channel *c, unsigned char *buf, size_t len)
{
    size_t most = c->api->msg_max;
    for (size_t at = 0; at < len; at += most) {
        size_t n = len - at < most ? len - at : most;
        ssize_t got = c->api->get(c->ring, buf + at, n);
        if (got == -1)
            return -1;
        if ((size_t) got != n)
            return 1;
    }
    return 0;
}

/* The check's messages through ring r, in the child, with buffers `out` and
 * `in` of msg_max bytes; writes what failed to `why`. Returns 0 or -1. */
static int lab_ring_try(const struct ring_api *api, struct ring *r, unsigned char *out,
                        unsigned char *in, char *why, size_t cap)
{
    for (unsigned i = 0; i < 10; i++) {
        size_t len = i == 9 ? api->msg_max : i * 25;
        memset(out, 'a' + (int) i, len);
        if (api->put(r, out, len) == -1) {
            snprintf(why, cap, "ring_put failed: %s", strerror(errno));
            return -1;
        }
        ssize_t got = api->get(r, in, api->msg_max);
        if (got == -1) {
            snprintf(why, cap, "ring_get failed: %s", strerror(errno));
            return -1;
        }
        if ((size_t) got != len || memcmp(in, out, len) != 0) {
            snprintf(why, cap, "ring_get did not give back the %zu bytes ring_put sent", len);
            return -1;
        }
    }
    if (api->destroy(r) == -1) {
        snprintf(why, cap, "ring_destroy failed: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int lab_ring_check(enum channel_kind kind, char *why, size_t cap)
{
    const struct ring_api *api = api_of(kind);
    int report[2], status;
    struct ring *r = make_lab_ring(api, 4);

    why[0] = '\0';
    if (r == NULL) {
        snprintf(why, cap, "ring_create failed: %s", strerror(errno));
        return -1;
    }
    if (pipe(report) == -1) {
        snprintf(why, cap, "pipe: %s", strerror(errno));
        remove_lab_ring_objects();
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {                     /* a child, so that a hang or a crash is its own */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        close(report[0]);
        alarm(CHECK_SECONDS);
        char line[256] = "out of memory";
        unsigned char *out = malloc(api->msg_max), *in = malloc(api->msg_max);
        if (out != NULL && in != NULL && lab_ring_try(api, r, out, in, line, sizeof line) == 0)
            _exit(0);
        _exit(write(report[1], line, strlen(line)) > 0 ? 1 : 2);
    }
    close(report[1]);
    ssize_t got = pid == -1 ? -1 : read(report[0], why, cap - 1);
    why[got > 0 ? got : 0] = '\0';
    close(report[0]);
    if (pid == -1 || waitpid(pid, &status, 0) != pid) {
        snprintf(why, cap, "fork or wait: %s", strerror(errno));
        status = -1;
    }
    remove_lab_ring_objects();
    if (status == 0) {
        api->close(r);                  /* the child removed it: detach and free */
        return 0;
    }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        snprintf(why, cap, "a ring_put and ring_get on a ring of 4 slots did not return"
                           " within %d s", CHECK_SECONDS);
    else if (WIFSIGNALED(status))
        snprintf(why, cap, "it was killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else if (why[0] == '\0')
        snprintf(why, cap, "it exited with status %d", WEXITSTATUS(status));
    return -1;
}

/* ------------------------------------------------------------------------
 * Channels
 * --------------------------------------------------------------------- */

/* Slots of the SPSC ring for messages of len bytes. */
static unsigned spsc_slots(size_t len)
{
    size_t slots = SPSC_BYTES / len;
    return slots > SPSC_SLOTS ? SPSC_SLOTS : slots < 2 ? 2 : (unsigned) slots;
}

int channel_open(struct channel *c, enum channel_kind kind, size_t len)
{
    int result = -1;

    *c = (struct channel) { .kind = kind, .fd = { -1, -1 } };
    c->buf = malloc(len);
    if (c->buf == NULL)
        return -1;
    switch (kind) {
    case PIPE:
        result = pipe(c->fd);
        break;
    case SOCKETPAIR:
        result = socketpair(AF_UNIX, SOCK_STREAM, 0, c->fd);
        break;
    case LAB_RING:
    case BIG_RING:
        c->api = api_of(kind);
        c->ring = make_lab_ring(c->api, kind == BIG_RING ? BIG_RING_SLOTS : LAB_RING_SLOTS);
        result = c->ring != NULL ? 0 : -1;
        break;
    case SPSC_RING:
    case ZERO_COPY:
        c->spsc = live_spsc = spsc_create(spsc_slots(len), len);
        result = c->spsc != NULL ? 0 : -1;
        break;
    case NCHANNELS:
        errno = EINVAL;
        break;
    }
    if (result == -1) {
        int saved = errno;
        channel_close(c);
        errno = saved;
    }
    return result;
}

void channel_take_side(struct channel *c, enum channel_side side)
{
    int other = side == PRODUCER ? CONSUMER : PRODUCER;
    if (c->fd[other] != -1)
        close(c->fd[other]);
    c->fd[other] = -1;
    if (c->spsc != NULL)
        spsc_prefault(c->spsc);
}

int channel_send(struct channel *c, uint64_t seq, size_t len)
{
    if (c->kind == ZERO_COPY) {
        unsigned char *slot = spsc_claim(c->spsc);
        if (slot == NULL)
            return -1;
        message_make(slot, len, seq);
        return spsc_publish(c->spsc, len);
    }
    message_make(c->buf, len, seq);
    switch (c->kind) {
    case PIPE:
    case SOCKETPAIR:
        return write_all(c->fd[PRODUCER], c->buf, len);
    case LAB_RING:
    case BIG_RING:
        return lab_ring_send(c, c->buf, len);
    default:
        return spsc_put(c->spsc, c->buf, len);
    }
}

int channel_receive(struct channel *c, uint64_t seq, size_t len)
{
    int result;

    if (c->kind == ZERO_COPY) {
        size_t got;
        const unsigned char *slot = spsc_peek(c->spsc, &got);
        if (slot == NULL)
            return -1;
        result = got != len || !message_intact(slot, len, seq);
        return spsc_release(c->spsc) == -1 ? -1 : result;
    }
    switch (c->kind) {
    case PIPE:
    case SOCKETPAIR:
        result = read_all(c->fd[CONSUMER], c->buf, len);
        break;
    case LAB_RING:
    case BIG_RING:
        result = lab_ring_receive(c, c->buf, len);
        break;
    default: {
        long got = spsc_get(c->spsc, c->buf, len);
        result = got == -1 ? -1 : got != (long) len;
    }
    }
    return result != 0 ? result : !message_intact(c->buf, len, seq);
}

void channel_close(struct channel *c)
{
    for (int i = 0; i < 2; i++)
        if (c->fd[i] != -1)
            close(c->fd[i]);
    if (c->ring != NULL && c->api->destroy(c->ring) == -1)
        fprintf(stderr, "ringbench: lab 07's ring_destroy failed: %s\n", strerror(errno));
    remove_lab_ring_objects();
    live_spsc = NULL;
    if (c->spsc != NULL)
        spsc_destroy(c->spsc);
    free(c->buf);
    *c = (struct channel) { .kind = c->kind, .fd = { -1, -1 } };
}

void channel_remove_objects(void)
{
    if (live_spsc != NULL)
        spsc_remove(live_spsc);
    remove_lab_ring_objects();
}
