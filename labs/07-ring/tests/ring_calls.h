/*
 * ring_calls.h: the calls lab 07's tests may make in a subject.
 *
 * X(name, expression): the expression runs in the subject. ARG(i) is the
 * request's i-th int64 argument, ARG_PTR(i) the same as a pointer (a ring
 * handle that an earlier ring_create or ring_open returned), REQ_DATA the
 * request's data buffer (the message for ring_put), OUT_DATA a 1024-byte
 * output buffer returned to the test in o.data (ring_get copies into it).
 *
 * Besides the six functions of ring.h, the tests use a few calls made of
 * them, defined below (they are compiled into the subject only):
 *   ring_put_paused / ring_get_paused: a producer or consumer frozen in the
 *     middle of its call. ring_put_paused puts a message from a page whose
 *     first touch stops the process (SIGSTOP) until the test sends SIGCONT;
 *     ring_get_paused makes the pages of the ring's slots (all but the
 *     segment's first page) such a pause in this process.
 *   put_many / get_many: thousands of ring_put or ring_get in one call, for
 *     several producers and consumers at once (stress_report below), all
 *     starting when the test opens a barrier (a semaphore of its own).
 *   reserve_range: fills an address range with inaccessible pages, so that
 *     a ring opened afterwards is attached elsewhere.
 */
#include <stdint.h>

#include "ipcmap.h"
#include "ring.h"

/* The stress test: STRESS_PRODUCERS producers each put STRESS_PER_PRODUCER
 * messages (put_many); consumers take them (get_many) and report. */
#define STRESS_PRODUCERS    3
#define STRESS_PER_PRODUCER 2500
#define STRESS_MESSAGES     (STRESS_PRODUCERS * STRESS_PER_PRODUCER)
#define STRESS_MIN_LEN      6
#define STRESS_MAX_LEN      48

/* What a consumer of the stress test took, sent back in OUT_DATA. */
struct stress_report {
    uint32_t got;            /* messages taken */
    uint32_t malformed;      /* messages that no producer sent (torn, stale, another length) */
    uint32_t out_of_order;   /* a producer's message taken after a later one of the same producer */
    uint32_t twice;          /* messages this consumer took twice */
    int32_t  failed_errno;   /* errno of a ring_get that failed, else 0 */
    uint32_t first_bad_len;  /* the first malformed message's length (ring_get's return) */
    uint8_t  seen[(STRESS_MESSAGES + 7) / 8];   /* bit producer * PER_PRODUCER + seq */
};

/* The length of message `seq` of producer `tag` in the stress test. */
static inline uint32_t stress_len(uint32_t tag, uint32_t seq)
{
    return STRESS_MIN_LEN + (seq * 7 + tag * 5) % (STRESS_MAX_LEN - STRESS_MIN_LEN + 1);
}

/* Compiled into the subject only: judge.h includes this file for the list
 * of calls, after defining its include guard. */
#ifndef SHMLABS_JUDGE_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <unistd.h>

_Static_assert(sizeof(struct stress_report) <= 1024, "a stress report fits in OUT_DATA");

/* Where this process has the segment of `key` attached (/proc/self/maps):
 * sets *start and returns the length, or returns 0. */
static size_t attachment(key_t key, unsigned char **start)
{
    char name[32], line[512];
    unsigned long from = 0, to = 0;

    snprintf(name, sizeof name, "/SYSV%08x", (unsigned) ipcmap_real_key(key));   /* the kernel's key */
    FILE *maps = fopen("/proc/self/maps", "r");
    if (maps == NULL)
        return 0;
    while (from == 0 && fgets(line, sizeof line, maps) != NULL)
        if (strstr(line, name) == NULL || sscanf(line, "%lx-%lx", &from, &to) != 2)
            from = 0;
    fclose(maps);
    *start = (unsigned char *) from;
    return (size_t) (to - from);
}

/* The memory whose first touch stops the process. */
static unsigned char *volatile pause_start;
static size_t pause_len;

/* SIGSEGV handler: a touch of the pause region makes it accessible again and
 * stops the process; once continued, the interrupted instruction runs again
 * and succeeds. Any other fault is the student code's own: die of it. */
static void pause_on_touch(int sig, siginfo_t *info, void *context)
{
    unsigned char *at = info->si_addr;
    (void) context;
    if (pause_start != NULL && at >= pause_start && at < pause_start + pause_len) {
        mprotect(pause_start, pause_len, PROT_READ | PROT_WRITE);
        raise(SIGSTOP);
        return;
    }
    signal(sig, SIG_DFL);
}

/* Makes [start, start + len) inaccessible, its first touch a pause.
 * Returns 0, or -1 with errno set. */
static int arm_pause(void *start, size_t len, struct sigaction *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = pause_on_touch;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    pause_start = start;
    pause_len = len;
    if (sigaction(SIGSEGV, &sa, old) == -1 || mprotect(start, len, PROT_NONE) == -1)
        return -1;
    return 0;
}

/* Makes the region accessible again and puts the handler back, keeping errno. */
static void disarm_pause(const struct sigaction *old)
{
    int saved = errno;
    mprotect(pause_start, pause_len, PROT_READ | PROT_WRITE);
    sigaction(SIGSEGV, old, NULL);
    pause_start = NULL;
    errno = saved;
}

/* ring_put of `len` bytes of `data` (at most 1024), copied to a page of its
 * own whose first touch is a pause: the producer stops where it first reads
 * the message. */
static int put_paused(struct ring *r, const void *data, size_t len)
{
    struct sigaction old;
    size_t page = (size_t) sysconf(_SC_PAGESIZE);
    unsigned char *msg = mmap(NULL, page, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (msg == MAP_FAILED)
        return -2;
    memcpy(msg, data, len < 1024 ? len : 1024);
    if (arm_pause(msg, page, &old) == -1)
        return -2;
    int rc = ring_put(r, msg, len);
    disarm_pause(&old);
    munmap(msg, page);
    return rc;
}

/* ring_get (into out, cap at most 1024) with every page of this process's
 * attachment of the ring for `key` but the first made a pause: the consumer
 * stops where it first reads or writes beyond the segment's first page (the
 * header's page), that is at the first touch of a slot past the first few. */
static ssize_t get_paused(struct ring *r, key_t key, void *out, size_t cap)
{
    struct sigaction old;
    unsigned char *start;
    size_t page = (size_t) sysconf(_SC_PAGESIZE);

    size_t len = attachment(key, &start);
    if (len < 2 * page) {
        errno = ENOENT;
        return -2;
    }
    if (arm_pause(start + page, len - page, &old) == -1)
        return -2;
    ssize_t got = ring_get(r, out, cap);
    disarm_pause(&old);
    return got;
}

/* A page for one message of the stress test. Before every other call, this
 * page and the process's attachment of the ring are dropped from its page
 * tables (MADV_DONTNEED; the contents stay: it is all shared memory), so that
 * the ring's first touch of the header, of a slot and of the message each
 * takes a page fault: such a call lasts long enough, between reading an
 * index and finishing with the slot, for a race with another process's fast
 * call to show. */
static unsigned char *stress_page(void)
{
    void *page = mmap(NULL, (size_t) sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return page == MAP_FAILED ? NULL : page;
}

static void stress_drop(unsigned char *page, unsigned char *ring, size_t ring_len)
{
    madvise(page, (size_t) sysconf(_SC_PAGESIZE), MADV_DONTNEED);
    if (ring_len > 0)
        madvise(ring, ring_len, MADV_DONTNEED);
}

static void stress_free(unsigned char *page)
{
    int saved = errno;
    munmap(page, (size_t) sysconf(_SC_PAGESIZE));
    errno = saved;
}

/* Waits until semaphore 0 of the test's set `barrier` is 0: the test lets
 * every producer and consumer of a round start at the same instant. */
static int stress_start(int barrier)
{
    struct sembuf zero = { 0, 0, 0 };
    while (semop(barrier, &zero, 1) == -1)
        if (errno != EINTR)
            return -1;
    return 0;
}

/* Producer `tag` of the stress test: puts its STRESS_PER_PRODUCER messages
 * in order. Returns 0, or -1 with errno of the ring_put that failed. */
static int put_many(struct ring *r, uint32_t tag, int barrier, key_t key)
{
    unsigned char *msg = stress_page(), *ring;
    size_t ring_len = attachment(key, &ring);
    int rc = 0;

    if (msg == NULL || stress_start(barrier) == -1)
        return -2;
    for (uint32_t seq = 0; seq < STRESS_PER_PRODUCER && rc == 0; seq++) {
        uint32_t len = stress_len(tag, seq);
        msg[0] = (unsigned char) tag;
        memcpy(msg + 1, &seq, sizeof seq);
        msg[5] = (unsigned char) len;
        for (uint32_t i = STRESS_MIN_LEN; i < len; i++)
            msg[i] = (unsigned char) (tag * 37 + seq * 11 + i);
        if ((seq + tag) % 2 == 0)       /* every other put slow: puts overtake each other */
            stress_drop(msg, ring, ring_len);
        rc = ring_put(r, msg, len);
    }
    stress_free(msg);
    return rc;
}

/* Checks a message of the stress test; returns its bit number, or -1 when no
 * producer sent it. */
static long stress_check(const unsigned char *msg, ssize_t len)
{
    uint32_t tag, seq;
    if (len < STRESS_MIN_LEN || len > STRESS_MAX_LEN)
        return -1;
    tag = msg[0];
    memcpy(&seq, msg + 1, sizeof seq);
    if (tag >= STRESS_PRODUCERS || seq >= STRESS_PER_PRODUCER ||
        msg[5] != (unsigned char) len || stress_len(tag, seq) != (uint32_t) len)
        return -1;
    for (uint32_t i = STRESS_MIN_LEN; i < (uint32_t) len; i++)
        if (msg[i] != (unsigned char) (tag * 37 + seq * 11 + i))
            return -1;
    return (long) (tag * STRESS_PER_PRODUCER + seq);
}

/* A consumer of the stress test: takes `count` messages and writes a
 * stress_report into out. Returns 0, or -1 with errno of a failed ring_get. */
static int get_many(struct ring *r, uint32_t count, int barrier, key_t key, void *out)
{
    struct stress_report rep;
    unsigned char *msg = stress_page(), *ring;
    size_t ring_len = attachment(key, &ring);
    long last[STRESS_PRODUCERS];

    if (msg == NULL || stress_start(barrier) == -1)
        return -2;
    memset(&rep, 0, sizeof rep);
    for (int p = 0; p < STRESS_PRODUCERS; p++)
        last[p] = -1;
    while (rep.got < count) {
        if (rep.got % 2 == 0)           /* every other get slow, likewise */
            stress_drop(msg, ring, ring_len);
        ssize_t len = ring_get(r, msg, RING_MSG_MAX);
        if (len == -1) {
            rep.failed_errno = errno;
            break;
        }
        rep.got++;
        long bit = stress_check(msg, len);
        if (bit < 0) {
            if (rep.malformed++ == 0)
                rep.first_bad_len = (uint32_t) len;
            continue;
        }
        long tag = bit / STRESS_PER_PRODUCER, seq = bit % STRESS_PER_PRODUCER;
        if (rep.seen[bit / 8] & (1u << (bit % 8)))
            rep.twice++;
        else if (seq < last[tag])
            rep.out_of_order++;
        rep.seen[bit / 8] |= (uint8_t) (1u << (bit % 8));
        last[tag] = seq;
    }
    stress_free(msg);
    memcpy(out, &rep, sizeof rep);
    errno = rep.failed_errno;
    return rep.failed_errno ? -1 : 0;
}

/* Maps an inaccessible page at every free page of [start, start + len), so
 * that nothing else can be attached there. Returns the number of pages it
 * took, or -1 with errno set. */
static long reserve_range(uintptr_t start, size_t len)
{
    size_t page = (size_t) sysconf(_SC_PAGESIZE);
    long taken = 0;
    for (uintptr_t at = start & ~(uintptr_t) (page - 1); at < start + len; at += page) {
        void *got = mmap((void *) at, page, PROT_NONE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (got == MAP_FAILED && errno != EEXIST)
            return -1;
        if (got != MAP_FAILED && got != (void *) at) {
            munmap(got, page);      /* an old kernel took the address as a hint */
            errno = ENOSYS;
            return -1;
        }
        taken += got != MAP_FAILED;
    }
    return taken;
}

#endif /* not in the test process */

#define LAB_CALLS(X) \
    X(ring_create,     ring_create((key_t) ARG(0), (unsigned) ARG(1)))             \
    X(ring_open,       ring_open((key_t) ARG(0)))                                   \
    X(ring_put,        ring_put(ARG_PTR(0), REQ_DATA, (size_t) ARG(1)))             \
    X(ring_get,        ring_get(ARG_PTR(0), OUT_DATA, (size_t) ARG(1)))             \
    X(ring_close,      ring_close(ARG_PTR(0)))                                      \
    X(ring_destroy,    ring_destroy(ARG_PTR(0)))                                    \
    X(ring_put_paused, put_paused(ARG_PTR(0), REQ_DATA, (size_t) ARG(1)))           \
    X(ring_get_paused, get_paused(ARG_PTR(0), (key_t) ARG(1), OUT_DATA, (size_t) ARG(2))) \
    X(put_many,        put_many(ARG_PTR(0), (uint32_t) ARG(1), (int) ARG(2), (key_t) ARG(3))) \
    X(get_many,        get_many(ARG_PTR(0), (uint32_t) ARG(1), (int) ARG(2), (key_t) ARG(3), OUT_DATA)) \
    X(reserve_range,   reserve_range((uintptr_t) ARG(0), (size_t) ARG(1)))
