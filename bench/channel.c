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
#define SPSC_PIECE     (64u << 10) /* the SPSC ring's largest slot: more goes in pieces */
#define SPSC_SLOTS     64          /* its slots: at most this many (channel_ring_slots) */
#define CHECK_SECONDS  5           /* lab_ring_check's bound */

const char *const channel_name[NCHANNELS] = {
    [PIPE] = "pipe", [SOCKETPAIR] = "socketpair", [LAB_RING] = "lab-ring",
    [BIG_RING] = "lab-ring-1M", [SPSC_RING] = "spsc", [ZERO_COPY] = "zero-copy",
};

const char *const channel_about[NCHANNELS] = {
    [PIPE]       = "pipe(2), 64 KiB buffer: write and read, 2 copies through the kernel",
    [SOCKETPAIR] = "socketpair(AF_UNIX, SOCK_STREAM): send and recv, 2 copies",
    [LAB_RING]   = "lab 07's ring, 64 slots of RING_MSG_MAX bytes: 2 copies, semop calls"
                   " in every put and get, larger messages in chunks",
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
    switch (kind) {
    case LAB_RING:
    case BIG_RING:
        return api_of(kind)->msg_max;
    case SPSC_RING:
    case ZERO_COPY:
        return SPSC_PIECE;
    default:
        return SIZE_MAX;
    }
}

/* ------------------------------------------------------------------------
 * Messages: every byte written by the producer, read by the consumer
 * --------------------------------------------------------------------- */

/* Writes bytes [at, at + n) of message `seq` to m: bytes 0 to 7 hold its
 * number, every other byte its low byte. at and n are multiples of 8. */
static void message_make(unsigned char *m, size_t at, size_t n, uint64_t seq)
{
    size_t from = 0;
    if (at == 0) {
        memcpy(m, &seq, sizeof seq);
        from = sizeof seq;
    }
    memset(m + from, (int) (seq & 0xff), n - from);
}

/* Returns 1 when m holds bytes [at, at + n) of message `seq` as
 * message_make wrote them, reading every one of them: four words at a time
 * into four separate results, so that the check runs about as fast as the
 * memory can be read and the consumer is not slowed by its own loop. */
static int message_intact(const unsigned char *m, size_t at, size_t n, uint64_t seq)
{
    const uint64_t fill = UINT64_C(0x0101010101010101) * (seq & 0xff);
    uint64_t word[4], bad[4] = { 0, 0, 0, 0 };
    size_t i = 0;

    if (at == 0) {
        memcpy(word, m, sizeof word[0]);
        bad[0] = word[0] ^ seq;
        i = sizeof word[0];
    }
    for (; i + sizeof word <= n; i += sizeof word) {
        memcpy(word, m + i, sizeof word);
        for (int k = 0; k < 4; k++)
            bad[k] |= word[k] ^ fill;
    }
    for (; i < n; i += sizeof word[0]) {
        memcpy(word, m + i, sizeof word[0]);
        bad[0] |= word[0] ^ fill;
    }
    return (bad[0] | bad[1] | bad[2] | bad[3]) == 0;
}

int channel_check_messages(void)
{
    static unsigned char m[1024];
    static const size_t lens[] = { 8, 16, 40, 1024 };

    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        size_t n = lens[k];
        message_make(m, 0, n, 300 + k);
        if (!message_intact(m, 0, n, 300 + k) || message_intact(m, 0, n, 301 + k))
            return -1;
        for (size_t at = 0; at < n; at += n > 64 ? 61 : 1) {     /* every byte counts */
            m[at] ^= 0x10;
            int caught = !message_intact(m, 0, n, 300 + k);
            m[at] ^= 0x10;
            if (!caught)
                return -1;
        }
        message_make(m, 8, n, 300 + k);                            /* a later piece */
        if (!message_intact(m, 8, n, 300 + k) || message_intact(m, 0, n, 300 + k))
            return -1;
    }
    return 0;
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
        snprintf(why, cap, "ring_put, ring_get or ring_destroy was killed by signal %d (%s)",
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (why[0] == '\0')
        snprintf(why, cap, "ring_put, ring_get or ring_destroy exited, with status %d",
                 WEXITSTATUS(status));
    return -1;
}

/* ------------------------------------------------------------------------
 * Channels
 * --------------------------------------------------------------------- */

unsigned channel_ring_slots(size_t slot_size)
{
    size_t slots = CHANNEL_RING_BYTES / slot_size;
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
        len = len < SPSC_PIECE ? len : SPSC_PIECE;
        c->spsc = live_spsc = spsc_create(channel_ring_slots(len), len);
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

/* Sends bytes [at, at + n) of message `seq` as one piece. */
static int send_piece(struct channel *c, uint64_t seq, size_t at, size_t n)
{
    unsigned char *slot;

    switch (c->kind) {
    case PIPE:
    case SOCKETPAIR:
        return write_all(c->fd[PRODUCER], c->buf + at, n);
    case LAB_RING:
    case BIG_RING:
        return c->api->put(c->ring, c->buf + at, n);
    case SPSC_RING:
        return spsc_put(c->spsc, c->buf + at, n);
    case ZERO_COPY:
        if ((slot = spsc_claim(c->spsc)) == NULL)
            return -1;
        message_make(slot, at, n, seq);         /* made where the consumer reads it */
        return spsc_publish(c->spsc, n);
    default:
        errno = EINVAL;
        return -1;
    }
}

/* Receives bytes [at, at + n) of message `seq` as one piece: 0, 1 when the
 * piece is wrong (zero copy: checked here, in place), or -1. */
static int receive_piece(struct channel *c, uint64_t seq, size_t at, size_t n)
{
    const unsigned char *slot;
    size_t got;
    int wrong;

    switch (c->kind) {
    case PIPE:
    case SOCKETPAIR:
        return read_all(c->fd[CONSUMER], c->buf + at, n);
    case LAB_RING:
    case BIG_RING: {
        ssize_t full = c->api->get(c->ring, c->buf + at, n);
        return full == -1 ? -1 : (size_t) full != n;
    }
    case SPSC_RING: {
        long full = spsc_get(c->spsc, c->buf + at, n);
        return full == -1 ? -1 : (size_t) full != n;
    }
    case ZERO_COPY:
        if ((slot = spsc_peek(c->spsc, &got)) == NULL)
            return -1;
        wrong = got != n || !message_intact(slot, at, n, seq);
        return spsc_release(c->spsc) == -1 ? -1 : wrong;
    default:
        errno = EINVAL;
        return -1;
    }
}

int channel_send(struct channel *c, uint64_t seq, size_t len)
{
    size_t most = channel_piece(c->kind);

    if (c->kind != ZERO_COPY)
        message_make(c->buf, 0, len, seq);
    for (size_t at = 0; at < len; at += most)
        if (send_piece(c, seq, at, len - at < most ? len - at : most) == -1)
            return -1;
    return 0;
}

int channel_receive(struct channel *c, uint64_t seq, size_t len)
{
    size_t most = channel_piece(c->kind);
    int wrong = 0;

    for (size_t at = 0; at < len; at += most) {
        int result = receive_piece(c, seq, at, len - at < most ? len - at : most);
        if (result == -1)
            return -1;
        wrong |= result;
    }
    if (c->kind != ZERO_COPY)
        wrong |= !message_intact(c->buf, 0, len, seq);
    return wrong;
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
