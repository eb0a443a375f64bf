/*
 * ring_calls.c: the calls of lab 07's tests that are made of the ring's
 * functions (ring_calls.h). Only the subject links this file, with the
 * student's ring.c: they run in the student's process, never in the judge.
 *
 * The names the student's file could also use are static; the others start
 * with kit_, which no student function of the lab does.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/sem.h>
#include <unistd.h>

#include "ipcmap.h"
#include "ring_calls.h"

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

/* The memory whose first touch pauses the process, how (nap_us: 0 stops
 * it, else it sleeps that many microseconds), and the SIGSEGV handler it
 * replaces (the crash recorder, harness/crash_record.c). */
static unsigned char *volatile pause_start;
static size_t pause_len;
static volatile long nap_us;
static struct sigaction before_pause;

/* SIGSEGV handler: a touch of the pause region makes it accessible again and
 * stops the process, or sleeps nap_us; then the interrupted instruction runs
 * again and succeeds. Any other SIGSEGV is the student code's own: the
 * handler from before takes it over, so that the crash is reported with its
 * place as anywhere else. A fault repeats when the instruction runs again; a
 * SIGSEGV sent by a process is raised again. */
static void pause_on_touch(int sig, siginfo_t *info, void *context)
{
    unsigned char *at = info->si_addr;
    (void) context;
    if (info->si_code > 0 && pause_start != NULL && at >= pause_start && at < pause_start + pause_len) {
        mprotect(pause_start, pause_len, PROT_READ | PROT_WRITE);
        if (nap_us > 0) {
            struct timeval nap = { 0, nap_us };     /* select: async-signal-safe */
            select(0, NULL, NULL, NULL, &nap);
        } else {
            raise(SIGSTOP);
        }
        return;
    }
    sigaction(sig, &before_pause, NULL);
    if (info->si_code <= 0)
        raise(sig);
}

/* Makes [start, start + len) inaccessible, its first touch a pause (a stop,
 * or a nap of `nap` microseconds when it is above 0), keeping the SIGSEGV
 * handler it replaces in before_pause. Returns 0, or -1 with errno set. */
static int arm_pause(void *start, size_t len, long nap)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = pause_on_touch;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    pause_start = start;
    pause_len = len;
    nap_us = nap;
    if (sigaction(SIGSEGV, &sa, &before_pause) == -1)
        return -1;
    if (mprotect(start, len, PROT_NONE) == -1) {
        int saved = errno;
        sigaction(SIGSEGV, &before_pause, NULL);
        errno = saved;
        return -1;
    }
    return 0;
}

/* Makes the region accessible again and puts the handler back, keeping errno. */
static void disarm_pause(void)
{
    int saved = errno;
    mprotect(pause_start, pause_len, PROT_READ | PROT_WRITE);
    sigaction(SIGSEGV, &before_pause, NULL);
    pause_start = NULL;
    nap_us = 0;
    errno = saved;
}

/* The contract is in ring_calls.h. */
int kit_ring_put_paused(struct ring *r, const void *data, size_t len)
{
    size_t page = (size_t) sysconf(_SC_PAGESIZE);
    unsigned char *msg = mmap(NULL, page, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (msg == MAP_FAILED)
        return -2;
    memcpy(msg, data, len < RPC_DATA_MAX ? len : RPC_DATA_MAX);
    if (arm_pause(msg, page, 0) == -1)
        return -2;
    int rc = ring_put(r, msg, len);
    disarm_pause();
    munmap(msg, page);
    return rc;
}

/* The contract is in ring_calls.h. The segment's first page holds the
 * ring's header, so the first touch beyond it is a slot's, past the first
 * few. */
ssize_t kit_ring_get_paused(struct ring *r, key_t key, void *out, size_t cap)
{
    unsigned char *start;
    size_t page = (size_t) sysconf(_SC_PAGESIZE);

    size_t len = attachment(key, &start);
    if (len < 2 * page) {
        errno = ENOENT;
        return -2;
    }
    if (arm_pause(start + page, len - page, 0) == -1)
        return -2;
    ssize_t got = ring_get(r, out, cap);
    disarm_pause();
    return got;
}

/* A page of its own for the stress test's messages, whose first touch can
 * be made a nap; NULL when it cannot be mapped. The timer slack goes to its
 * least, so that a nap lasts STRESS_NAP_US, not 50 us more. */
static unsigned char *stress_page(void)
{
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    void *page = mmap(NULL, (size_t) sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return page == MAP_FAILED ? NULL : page;
}

/* Arms a nap at the first touch of the message page when call `n` of a
 * slowed round is one that naps; returns whether it did (then the caller
 * disarms after the call). */
static bool stress_nap(unsigned char *page, bool slowed, uint32_t n)
{
    return slowed && n % STRESS_NAP_EVERY == 0
        && arm_pause(page, (size_t) sysconf(_SC_PAGESIZE), STRESS_NAP_US) == 0;
}

/* Ends a nap that stress_nap armed (napped: what it returned), keeping errno. */
static void stress_wake(bool napped)
{
    if (napped)
        disarm_pause();
}

/* Unmaps a stress_page, keeping errno. */
static void stress_free(unsigned char *page)
{
    int saved = errno;
    munmap(page, (size_t) sysconf(_SC_PAGESIZE));
    errno = saved;
}

/* The length of message `seq` of producer `tag` in the stress test. */
static uint32_t stress_len(uint32_t tag, uint32_t seq)
{
    return STRESS_MIN_LEN + (seq * 7 + tag * 5) % (STRESS_MAX_LEN - STRESS_MIN_LEN + 1);
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

/* The contract is in ring_calls.h. */
int kit_ring_put_many(struct ring *r, uint32_t tag, int barrier, bool slowed)
{
    unsigned char *msg = stress_page();
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
        bool napped = stress_nap(msg, slowed, seq + tag);
        rc = ring_put(r, msg, len);
        stress_wake(napped);
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

/* The contract is in ring_calls.h. */
int kit_ring_get_many(struct ring *r, uint32_t count, int barrier, bool slowed, void *out)
{
    struct stress_report rep;
    unsigned char *msg = stress_page();
    long last[STRESS_PRODUCERS];

    if (msg == NULL || stress_start(barrier) == -1)
        return -2;
    memset(&rep, 0, sizeof rep);
    for (int p = 0; p < STRESS_PRODUCERS; p++)
        last[p] = -1;
    while (rep.got < count) {
        bool napped = stress_nap(msg, slowed, rep.got);
        ssize_t len = ring_get(r, msg, RING_MSG_MAX);
        stress_wake(napped);
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

/* The contract is in ring_calls.h. */
long kit_reserve_range(uintptr_t start, size_t len)
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
