/*
 * ring_tests.c: the graded tests of lab 07, the ring.
 *
 * Every test runs the student's ring in separate subject processes, as
 * producers and consumers would, and judges what they return and what the
 * kernel holds (the segment and semaphore set under the ring's key, how many
 * processes sleep on the semaphores, attachments, CPU time).
 *
 * Concurrency is made deterministic instead of left to chance:
 *  - "blocks" is judged by the kernel's count of processes sleeping on the
 *    ring's semaphores (GETNCNT), not by a race with a sleep;
 *  - the mutex is checked by freezing a producer or consumer in the middle of
 *    its call (ring_put_paused / ring_get_paused stop the process at its first
 *    touch of the message) while another process uses the ring;
 *  - the stress test (7.11) starts its processes at one instant (a barrier
 *    semaphore) and spreads them over the CPUs at a higher priority; every
 *    other round, some calls of each process stop for a moment in their
 *    middle (at their first touch of the message), so that the others
 *    overtake them even on a loaded machine without a free CPU. A missing
 *    mutex shows hundreds of times per run, a copy outside it tens of
 *    times. The figures (tests/wrong/07-ring, per-round counts of a build
 *    that reports every round): put-copy-out-of-lock.c was caught in 60 of
 *    60 runs and in every slowed round, get-copy-out-of-lock.c in 90 of 90,
 *    over quiet and loaded (two busy loops) machines, natively and at the
 *    container level (no priority raised); the fewest wrong messages in a
 *    run were 44 and 8. The version before, which forced page faults into
 *    every other call, took 2.5 times the CPU and missed the first file in
 *    8 of 90 runs.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "ipcmap.h"
#include "judge.h"
#include "ring_calls.h"
#include "semaphore_kit.h"

enum {
    BLOCK_MS = 200,      /* a call still running after this long is blocked */
    WAKE_MS  = 3000,     /* a call must end within this long once unblocked */
    CAP      = 512       /* ring_get's cap when the whole message is wanted */
};

/* ------------------------------------------------------------------------
 * Helpers: rings in subjects
 * --------------------------------------------------------------------- */

/* ring_create in s; fails the test unless it returned a handle. */
static int64_t create_ring(struct subject *s, key_t key, unsigned slots)
{
    struct outcome o = CALL(s, ring_create, key, slots);
    require_returned(&o);
    ck_assert_msg(o.ret != 0 || o.err != ENOSYS, "ring_create returned NULL with ENOSYS, the "
                  "skeleton's answer: write it first (README.md, \"The problem\")");
    ck_assert_msg(o.ret != 0, "ring_create(0x%08x, %u) returned NULL with errno %s where no "
                  "segment or semaphore set existed for the key: it should make both. "
                  "Remember that 0 is a valid shmid and semid; only -1 means failure",
                  (unsigned) key, slots, errname(o.err));
    return o.ret;
}

/* ring_open in s; fails the test unless it returned a handle. */
static int64_t open_ring(struct subject *s, key_t key)
{
    struct outcome o = CALL(s, ring_open, key);
    require_returned(&o);
    ck_assert_msg(o.ret != 0, "ring_open(0x%08x) returned NULL with errno %s although a ring "
                  "exists for the key: it should find the segment (shmget without IPC_CREAT), "
                  "the semaphore set (semget) and attach the segment (shmat)",
                  (unsigned) key, errname(o.err));
    return o.ret;
}

/* ring_put of len bytes into a ring that has room; fails unless it returns 0. */
static void put_bytes(struct subject *s, int64_t r, const void *data, size_t len)
{
    struct outcome o = CALL_DATA(s, ring_put, data, len, r, (int64_t) len);
    require_returned(&o);
    ck_assert_msg(o.ret == 0, "ring_put of a %zu-byte message into a ring with a free slot "
                  "returned %lld with errno %s; expected 0", len, (long long) o.ret,
                  errname(o.err));
}

static void put_text(struct subject *s, int64_t r, const char *text)
{
    put_bytes(s, r, text, strlen(text));
}

/* Waits for a call started with SEND to end; fails the test when it is still
 * blocked after WAKE_MS, saying `why` it should have ended. */
static struct outcome wake(struct subject *s, const char *call, const char *why)
{
    struct outcome o;
    ck_assert_msg(subject_await(s, WAKE_MS, &o), "%s was still blocked %d s after %s",
                  call, WAKE_MS / 1000, why);
    require_returned(&o);
    return o;
}

/* True when the call started with SEND is still running after BLOCK_MS;
 * otherwise fills *o with how it ended. */
static bool blocked(struct subject *s, struct outcome *o)
{
    memset(o, 0, sizeof *o);
    return !subject_await(s, BLOCK_MS, o);
}

/* The first bytes of data[0..len) as C-like text for a one-line message:
 * "line 1\nline 2..." (non-printable bytes as \xNN; "" when len <= 0). */
static const char *shown(const char *data, int64_t len)
{
    static char bufs[4][200];
    static int next;
    char *out = bufs[next++ % 4];
    size_t used = 0;

    for (int64_t i = 0; i < len && i < 1024 && used + 8 < sizeof bufs[0]; i++) {
        unsigned char ch = (unsigned char) data[i];
        if (used > 150) {
            used += (size_t) snprintf(out + used, sizeof bufs[0] - used, "...");
            break;
        }
        if (ch == '\n')
            used += (size_t) snprintf(out + used, sizeof bufs[0] - used, "\\n");
        else if (ch < 32 || ch > 126 || ch == '"' || ch == '\\')
            used += (size_t) snprintf(out + used, sizeof bufs[0] - used, "\\x%02x", ch);
        else
            out[used++] = (char) ch;
    }
    out[used] = '\0';
    return out;
}

/* Takes one message with ring_get and fails the test unless it is `text`.
 * `context` says what the ring should hold, for the message. */
static void expect_text(struct subject *s, int64_t r, const char *text, const char *context)
{
    struct outcome o;
    SEND(s, ring_get, r, CAP);
    if (!subject_await(s, WAKE_MS, &o))
        ck_abort_msg("ring_get blocked although %s: the message \"%s\" was lost", context, text);
    require_returned(&o);
    ck_assert_msg(o.ret == (int64_t) strlen(text) && memcmp(o.data, text, strlen(text)) == 0,
                  "ring_get returned %lld (errno %s) with \"%s\" where %s; expected %zu, "
                  "the message \"%s\"", (long long) o.ret, errname(o.err),
                  shown(o.data, o.ret), context, strlen(text), text);
}

/* ------------------------------------------------------------------------
 * Helpers: the kernel's view
 * --------------------------------------------------------------------- */

/* Waits up to timeout_ms until at least n processes sleep on the ring's
 * semaphores. Returns whether they do. */
static bool await_sleepers(key_t key, int n, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 5) {
        if (semaphore_sleepers(key) >= n)
            return true;
        pause_ms(5);
    }
    return semaphore_sleepers(key) >= n;
}

/* The attachments the kernel counts for the segment of key, or -1. */
static long nattch(key_t key)
{
    struct shmid_ds ds;
    return segment_stat(shmget(key, 0, 0), &ds) ? (long) ds.shm_nattch : -1;
}

/* Where process pid has the segment of key attached (from /proc/PID/maps),
 * and its length in *len; 0 when it has none. */
static uintptr_t attach_address(pid_t pid, key_t key, size_t *len)
{
    char line[512], name[32];
    uintptr_t found = 0;
    snprintf(name, sizeof name, "/SYSV%08x", (unsigned) ipcmap_real_key(key));   /* the kernel's key */
    FILE *f = open_proc_of(pid, "maps");
    ck_assert_msg(f != NULL, "the test cannot read /proc/%d/maps: %s", (int) pid, strerror(errno));
    while (found == 0 && fgets(line, sizeof line, f) != NULL) {
        unsigned long start, end;
        if (strstr(line, name) != NULL && sscanf(line, "%lx-%lx", &start, &end) == 2) {
            found = start;
            *len = end - start;
        }
    }
    fclose(f);
    return found;
}

/* Waits until process pid is stopped (SIGSTOP). Returns whether it is. */
static bool await_stopped(pid_t pid, int timeout_ms)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
    for (int waited = 0; waited <= timeout_ms; waited += 2) {
        FILE *f = fopen(path, "r");
        if (f == NULL)
            return false;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        const char *after_name = strrchr(buf, ')');
        if (after_name != NULL && after_name[1] == ' ' && after_name[2] == 'T')
            return true;
        pause_ms(2);
    }
    return false;
}

/* Starts a paused call (ring_put_paused / ring_get_paused, already SENT) and
 * waits until it stops inside the student's function at its first touch of
 * the message. Fails the test when it ends or dies first. */
static void await_paused(struct subject *s, const char *call)
{
    struct outcome o;
    if (await_stopped(subject_pid(s), WAKE_MS))
        return;
    if (subject_await(s, 0, &o)) {
        require_returned(&o);
        ck_abort_msg("%s returned %lld (errno %s) without touching the message buffer it "
                     "was given", call, (long long) o.ret, errname(o.err));
    }
    ck_abort_msg("%s did not touch its message buffer within %d s of a call that should "
                 "not wait", call, WAKE_MS / 1000);
}

static void resume(struct subject *s)
{
    kill(subject_pid(s), SIGCONT);
}

/* ------------------------------------------------------------------------
 * 7.1-7.4: making, opening, messages
 * --------------------------------------------------------------------- */

START_TEST(test_create_makes_both)
{
    struct subject *a = subject_start(), *b = subject_start();
    key_t key = test_key(1);
    struct shmid_ds ds;

    create_ring(a, key, 5);
    ck_assert_msg(count_segments() == 1 && count_semsets() == 1,
                  "after one ring_create the kernel holds %s; expected exactly one segment "
                  "and one semaphore set", describe_ipc());
    int shmid = shmget(key, 0, 0);
    ck_assert_msg(shmid != -1 && semget(key, 0, 0) != -1,
                  "after ring_create(0x%08x, 5) the kernel holds %s: the segment and the "
                  "semaphore set must both be made for the key given (not IPC_PRIVATE)",
                  (unsigned) key, describe_ipc());
    ds = stat_segment(shmid);
    ck_assert_msg(ds.shm_segsz >= 5 * RING_MSG_MAX,
                  "the ring's segment has %zu bytes: too small for 5 slots of RING_MSG_MAX "
                  "(%d) bytes each", (size_t) ds.shm_segsz, RING_MSG_MAX);
    ck_assert_msg(ds.shm_nattch == 1,
                  "after ring_create the segment has %lu attachments; expected 1: the handle "
                  "ring_create returns is attached to the ring (one shmat, no more)",
                  (unsigned long) ds.shm_nattch);

    struct outcome o = CALL(b, ring_create, key, 5);
    require_returned(&o);
    ck_assert_msg(o.ret == 0 && o.err == EEXIST,
                  "a second ring_create for a key that has a ring returned %s with errno %s; "
                  "expected NULL and EEXIST: both objects must be made exclusively "
                  "(IPC_EXCL), so that an existing ring is never taken over",
                  o.ret ? "a handle" : "NULL", errname(o.err));
    ck_assert_msg(count_segments() == 1 && count_semsets() == 1 && nattch(key) == 1,
                  "after the second ring_create failed the kernel holds %s (%ld attachments); "
                  "expected the first ring alone, untouched", describe_ipc(), nattch(key));

    /* IPC_PRIVATE is a key like any other for ring_create, except that it
     * always makes new objects: a ring only this process (and its children)
     * can reach by its handle. */
    for (int i = 2; i <= 3; i++) {
        o = CALL(b, ring_create, IPC_PRIVATE, 2);
        require_returned(&o);
        ck_assert_msg(o.ret != 0, "ring_create(IPC_PRIVATE, 2) returned NULL with errno %s "
                      "(ring %d of the test); expected a handle on a new ring: IPC_PRIVATE "
                      "makes a new segment and a new set at every call, and a ring made with "
                      "it works like any other through its handle", errname(o.err), i);
        ck_assert_msg(count_segments() == i && count_semsets() == i, "after ring_create("
                      "IPC_PRIVATE, 2) the kernel holds %s; expected %d segments and %d "
                      "semaphore sets: a new segment and a new set for each call",
                      describe_ipc(), i, i);
        put_text(b, o.ret, "private");
        expect_text(b, o.ret, "private", "\"private\" was put into a ring made with IPC_PRIVATE");
    }
}
END_TEST

/* Where the creator and an opener of a ring have its segment attached. */
struct addresses {
    uintptr_t creator, opener;
};

/* require_returned for a call in the process that opened the ring: when
 * that process died of a bad address while the two processes have the
 * segment at different addresses, says so and asks about pointers in the
 * segment (7.8 judges that alone). */
static void require_returned_in_opener(const struct outcome *o, const struct addresses *at)
{
    bool bad_address = strstr(o->how, "SIGSEGV") != NULL || strstr(o->how, "SIGBUS") != NULL;
    if (!o->returned && bad_address && at->opener != 0 && at->opener != at->creator)
        ck_abort_msg("%s in the process that opened the ring did not return: %s. That "
                     "process has the segment attached at %#lx, its creator at %#lx: does "
                     "the segment hold a pointer? An address stored in the segment is only "
                     "valid in the process that stored it; keep indices (offsets) there "
                     "(see 7.8)", o->call, o->how, (unsigned long) at->opener,
                     (unsigned long) at->creator);
    require_returned(o);
}

START_TEST(test_open_passes_messages)
{
    struct subject *a = subject_start(), *b = subject_start();
    key_t key = test_key(1);
    char max[RING_MSG_MAX];

    int64_t ra = create_ring(a, key, 4);
    struct outcome o = CALL(b, ring_open, test_key(9));
    require_returned(&o);
    ck_assert_msg(o.ret == 0 && o.err == ENOENT,
                  "ring_open of a key that has no ring returned %s with errno %s; expected "
                  "NULL and ENOENT", o.ret ? "a handle" : "NULL", errname(o.err));
    ck_assert_msg(count_segments() == 1 && count_semsets() == 1,
                  "after ring_open of a key without a ring the kernel holds %s: ring_open "
                  "must never create (no IPC_CREAT)", describe_ipc());

    int64_t rb = open_ring(b, key);
    ck_assert_msg(nattch(key) == 2, "with the ring created in one process and opened in "
                  "another, its segment has %ld attachments; expected 2", nattch(key));
    struct addresses at = { attach_address(subject_pid(a), key, &(size_t) { 0 }),
                            attach_address(subject_pid(b), key, &(size_t) { 0 }) };
    for (int i = 0; i < RING_MSG_MAX; i++)
        max[i] = (char) ('a' + i % 26);
    o = CALL_DATA(b, ring_put, "first", 5, rb, 5);
    require_returned_in_opener(&o, &at);
    put_text(b, rb, "");
    put_bytes(b, rb, max, sizeof max);
    expect_text(a, ra, "first", "another process put \"first\", \"\", then 256 bytes");
    o = CALL(a, ring_get, ra, CAP);
    require_returned(&o);
    ck_assert_msg(o.ret == 0, "ring_get returned %lld (errno %s) for an empty message (0 "
                  "bytes); expected 0", (long long) o.ret, errname(o.err));
    o = CALL(a, ring_get, ra, CAP);
    require_returned(&o);
    ck_assert_msg(o.ret == RING_MSG_MAX && memcmp(o.data, max, sizeof max) == 0,
                  "ring_get of a message of RING_MSG_MAX (%d) bytes returned %lld (errno %s)%s",
                  RING_MSG_MAX, (long long) o.ret, errname(o.err),
                  o.ret == RING_MSG_MAX ? " with other bytes than were put" : "");
    put_text(a, ra, "back");
    o = CALL(b, ring_get, rb, CAP);
    require_returned_in_opener(&o, &at);
    ck_assert_msg(o.ret == 4 && memcmp(o.data, "back", 4) == 0, "ring_get returned %lld "
                  "(errno %s) \"%s\" where the other process put \"back\"; expected 4, "
                  "\"back\"", (long long) o.ret, errname(o.err), shown(o.data, o.ret));
}
END_TEST

/* ring_put of `len` bytes of `data`, which must return at once. */
static struct outcome put_at_once(struct subject *s, int64_t r, const void *data, size_t len,
                                  const char *why_not_block)
{
    struct outcome o;
    SEND_DATA(s, ring_put, data, len, r, (int64_t) len);
    ck_assert_msg(subject_await(s, WAKE_MS, &o), "ring_put of a %zu-byte message blocked: %s",
                  len, why_not_block);
    require_returned(&o);
    return o;
}

START_TEST(test_put_too_long)
{
    struct subject *a = subject_start();
    char big[1000];
    const char *kept_slot = "an earlier ring_put that failed with EMSGSIZE took the free slot "
                            "of this 1-slot ring and never gave it back. Check the length "
                            "before waiting for anything";

    memset(big, 'x', sizeof big);
    int64_t r = create_ring(a, test_key(1), 1);
    const size_t lens[] = { RING_MSG_MAX + 1, sizeof big };
    for (size_t i = 0; i < 2; i++) {
        struct outcome o = put_at_once(a, r, big, lens[i], "a message longer than "
                                       "RING_MSG_MAX must fail at once with EMSGSIZE");
        ck_assert_msg(o.ret == -1 && o.err == EMSGSIZE,
                      "ring_put of a %zu-byte message returned %lld with errno %s; expected -1 "
                      "and EMSGSIZE: RING_MSG_MAX (%d) is the largest message a slot holds",
                      lens[i], (long long) o.ret, errname(o.err), RING_MSG_MAX);
        o = put_at_once(a, r, "fits", 4, kept_slot);
        ck_assert_msg(o.ret == 0, "ring_put of 4 bytes after an EMSGSIZE failure returned %lld "
                      "(errno %s); expected 0", (long long) o.ret, errname(o.err));
        expect_text(a, r, "fits", "only \"fits\" was put (a longer message failed with EMSGSIZE)");
    }

    /* Lengths at the edges of size_t: the same check must hold for them, in
     * size_t; converted to int or uint32_t they would look small. */
    const uint64_t huge[] = { ((uint64_t) 1 << 32) + 5, SIZE_MAX };
    for (size_t i = 0; i < 2; i++) {
        struct outcome o;
        SEND_DATA(a, ring_put, big, sizeof big, r, (int64_t) huge[i]);
        ck_assert_msg(subject_await(a, WAKE_MS, &o), "ring_put with len %llu blocked; "
                      "expected -1 and EMSGSIZE at once", (unsigned long long) huge[i]);
        ck_assert_msg(o.returned, "ring_put with len %llu (lengths of 257 and 1000 failed "
                      "with EMSGSIZE) did not return: %s. Is the length converted to a "
                      "narrower or signed type (int, uint32_t) before it is compared with "
                      "RING_MSG_MAX? Compare the size_t itself",
                      (unsigned long long) huge[i], o.how);
        ck_assert_msg(o.ret == -1 && o.err == EMSGSIZE,
                      "ring_put with len %llu returned %lld with errno %s, while lengths of "
                      "257 and 1000 failed with EMSGSIZE: is the length converted to a "
                      "narrower or signed type (int, uint32_t) before it is compared with "
                      "RING_MSG_MAX? (2^32 + 5 becomes 5 in 32 bits, and SIZE_MAX becomes -1 "
                      "in an int.) Compare the size_t itself", (unsigned long long) huge[i],
                      (long long) o.ret, errname(o.err));
    }
    struct outcome o = put_at_once(a, r, "fits", 4, kept_slot);
    ck_assert_msg(o.ret == 0, "ring_put of 4 bytes after EMSGSIZE failures returned %lld "
                  "(errno %s); expected 0", (long long) o.ret, errname(o.err));
    expect_text(a, r, "fits", "only \"fits\" was put (longer messages failed with EMSGSIZE)");
}
END_TEST

START_TEST(test_get_truncates)
{
    struct subject *a = subject_start();
    char msg[100], zeros[CAP];

    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (char) ('A' + i % 26);
    memset(zeros, 0, sizeof zeros);
    int64_t r = create_ring(a, test_key(1), 4);
    put_bytes(a, r, msg, sizeof msg);
    put_text(a, r, "abc");
    put_text(a, r, "next");

    struct outcome o = CALL(a, ring_get, r, 10);
    require_returned(&o);
    ck_assert_msg(o.ret == (int64_t) sizeof msg,
                  "ring_get(r, buf, 10) of a 100-byte message returned %lld (errno %s); "
                  "expected 100, the message's full length, even though only 10 bytes fit in "
                  "buf (like recv on a datagram)", (long long) o.ret, errname(o.err));
    ck_assert_msg(memcmp(o.data, msg, 10) == 0,
                  "ring_get(r, buf, 10) did not copy the first 10 bytes of the message");
    ck_assert_msg(memcmp(o.data + 10, zeros, sizeof msg - 10) == 0,
                  "ring_get(r, buf, 10) wrote more than 10 bytes into buf: copy at most cap "
                  "bytes, the smaller of the message's length and cap");
    o = CALL(a, ring_get, r, 0);
    require_returned(&o);
    ck_assert_msg(o.ret == 3, "ring_get(r, buf, 0) of the 3-byte message \"abc\" returned %lld "
                  "(errno %s); expected 3: cap 0 copies nothing but still takes the message",
                  (long long) o.ret, errname(o.err));
    expect_text(a, r, "next", "the truncated messages were taken whole, and \"next\" was put "
                "after them (the rest of a truncated message is dropped)");

    /* The largest cap of all: the whole message fits. */
    put_text(a, r, "any cap fits");
    o = CALL(a, ring_get, r, (int64_t) SIZE_MAX);
    ck_assert_msg(o.returned, "ring_get(r, buf, SIZE_MAX) of a 12-byte message did not return: "
                  "%s. Is cap converted to a signed or narrower type (SIZE_MAX becomes -1 in "
                  "an int or ssize_t) before it is compared with the length? Copy the smaller "
                  "of the two, compared as size_t", o.how);
    ck_assert_msg(o.ret == 12, "ring_get(r, buf, SIZE_MAX) of the 12-byte message \"any cap "
                  "fits\" returned %lld (errno %s); expected 12, the message's length",
                  (long long) o.ret, errname(o.err));
    ck_assert_msg(memcmp(o.data, "any cap fits", 12) == 0, "ring_get(r, buf, SIZE_MAX) returned "
                  "12 but put \"%s\" into buf, not the message \"any cap fits\", which caps "
                  "of 10 and 0 cut right: is cap converted to a signed type (SIZE_MAX becomes "
                  "-1) before it is compared with the length? Compare them as size_t",
                  shown(o.data, 12));
}
END_TEST

/* ------------------------------------------------------------------------
 * 7.5-7.7: waiting
 * --------------------------------------------------------------------- */

START_TEST(test_full_ring_blocks_producer)
{
    struct subject *a = subject_start(), *b = subject_start();
    key_t key = test_key(1);
    struct outcome o;

    int64_t ra = create_ring(a, key, 2);
    int64_t rb = open_ring(b, key);
    put_text(b, rb, "a");
    put_text(b, rb, "b");
    SEND_DATA(b, ring_put, "c", 1, rb, 1);
    ck_assert_msg(blocked(b, &o), "ring_put into a full ring (2 slots, 2 messages) returned "
                  "%lld (errno %s); it must sleep (in semop) until a consumer frees a slot", (long long) o.ret, errname(o.err));
    ck_assert_msg(await_sleepers(key, 1, 1000),
                  "ring_put waits on a full ring, but no process sleeps on the ring's "
                  "semaphores: it polls instead of sleeping in semop");
    expect_text(a, ra, "a", "the full ring held \"a\" and \"b\"");
    o = wake(b, "ring_put into a full ring", "a consumer freed a slot");
    ck_assert_msg(o.ret == 0, "ring_put that waited for a free slot returned %lld (errno %s); "
                  "expected 0", (long long) o.ret, errname(o.err));
    expect_text(a, ra, "b", "\"b\" was put second");
    expect_text(a, ra, "c", "\"c\" was put once a slot was free");
}
END_TEST

START_TEST(test_empty_ring_sleeps)
{
    struct subject *a = subject_start(), *b = subject_start();
    key_t key = test_key(1);
    struct outcome o;

    int64_t ra = create_ring(a, key, 3);
    int64_t rb = open_ring(b, key);
    SEND(b, ring_get, rb, CAP);
    ck_assert_msg(blocked(b, &o), "ring_get on an empty ring returned %lld (errno %s); it must "
                  "sleep (in semop) until a producer puts a message",
                  (long long) o.ret, errname(o.err));
    long before = subject_cpu_ms(b);
    pause_ms(500);
    long used = subject_cpu_ms(b) - before;
    ck_assert_msg(used <= 50, "while it waited 500 ms on an empty ring, ring_get used %ld ms of "
                  "CPU: it busy-waits (a loop that polls the ring) instead of sleeping in "
                  "semop. A P without IPC_NOWAIT puts the process to sleep in the kernel "
                  "until a producer's V", used);
    ck_assert_msg(await_sleepers(key, 1, 1000),
                  "ring_get waits on an empty ring, but no process sleeps on the ring's "
                  "semaphores: it polls (IPC_NOWAIT, sleep, GETVAL) instead of sleeping in "
                  "semop");
    put_text(a, ra, "wake up");
    o = wake(b, "ring_get on an empty ring", "a producer put a message");
    ck_assert_msg(o.ret == 7 && memcmp(o.data, "wake up", 7) == 0,
                  "ring_get that waited returned %lld (errno %s); expected 7, \"wake up\"",
                  (long long) o.ret, errname(o.err));
}
END_TEST

/* Sends SIGUSR1 (caught by a handler, without SA_RESTART) to s while its
 * call sleeps on the ring, and fails the test when the call ends. */
static void interrupt_wait(struct subject *s, key_t key, const char *call, const char *wait_for)
{
    struct outcome o;
    await_sleepers(key, 1, 1000);
    kill(subject_pid(s), SIGUSR1);
    ck_assert_msg(blocked(s, &o), "%s returned %lld with errno %s when a signal handler ran "
                  "while it waited for %s: semop fails with EINTR when a handler interrupts "
                  "it, and the wait must go on (loop while errno == EINTR)",
                  call, (long long) o.ret, errname(o.err), wait_for);
}

START_TEST(test_wait_resumes_after_signal)
{
    struct subject *a = subject_start(), *b = subject_start(), *c = subject_start();
    key_t key = test_key(1);
    struct outcome o;

    int64_t ra = create_ring(a, key, 1);
    int64_t rb = open_ring(b, key), rc = open_ring(c, key);
    o = COMMON(b, OP_CATCH, SIGUSR1);
    ck_assert_msg(o.returned && o.ret == 0, "test bug: cannot install a handler in a subject");
    o = COMMON(c, OP_CATCH, SIGUSR1);
    ck_assert_msg(o.returned && o.ret == 0, "test bug: cannot install a handler in a subject");

    SEND(b, ring_get, rb, CAP);
    interrupt_wait(b, key, "ring_get", "a message");
    put_text(a, ra, "after the signal");
    o = wake(b, "ring_get", "a message was put");
    ck_assert_msg(o.ret == 16, "ring_get interrupted by a signal, then given a message, "
                  "returned %lld (errno %s); expected 16", (long long) o.ret, errname(o.err));
    o = COMMON(b, OP_CAUGHT, 0);
    ck_assert_msg(o.returned && o.ret == 1, "test bug: the signal was not caught");

    put_text(a, ra, "fills the ring");
    SEND_DATA(c, ring_put, "waits", 5, rc, 5);
    interrupt_wait(c, key, "ring_put", "a free slot");
    expect_text(a, ra, "fills the ring", "the 1-slot ring held \"fills the ring\"");
    o = wake(c, "ring_put", "a slot was freed");
    ck_assert_msg(o.ret == 0, "ring_put interrupted by a signal, then given a free slot, "
                  "returned %lld (errno %s); expected 0", (long long) o.ret, errname(o.err));
    expect_text(a, ra, "waits", "\"waits\" was put once the slot was free");
}
END_TEST

/* ------------------------------------------------------------------------
 * 7.8-7.11: several processes
 * --------------------------------------------------------------------- */

START_TEST(test_other_address)
{
    struct subject *a = subject_start(), *b = subject_start();
    key_t key = test_key(1);
    size_t len_a = 0, len_b = 0;

    int64_t ra = create_ring(a, key, 4);
    put_text(a, ra, "from the creator");
    uintptr_t at_a = attach_address(subject_pid(a), key, &len_a);
    ck_assert_msg(at_a != 0, "the process that called ring_create has no attachment of the "
                  "ring's segment (/proc/PID/maps): the handle must stay attached");
    struct outcome o = CALL(b, reserve_range, (int64_t) at_a, (int64_t) len_a);
    ck_assert_msg(o.returned && o.ret >= 0, "test bug: cannot reserve the address range "
                  "(%s)", errname(o.err));

    o = CALL(b, ring_open, key);
    require_returned(&o);
    ck_assert_msg(o.ret != 0, "ring_open returned NULL with errno %s in a process where the "
                  "creator's address (%#lx) is taken: let shmat choose the address "
                  "(shmat(2)); a process cannot count on any given address",
                  errname(o.err), (unsigned long) at_a);
    int64_t rb = o.ret;
    uintptr_t at_b = attach_address(subject_pid(b), key, &len_b);
    ck_assert_msg(at_b != 0 && at_b != at_a, "test bug: the ring is attached at %#lx in both "
                  "processes", (unsigned long) at_a);

    SEND(b, ring_get, rb, CAP);
    ck_assert_msg(subject_await(b, WAKE_MS, &o), "ring_get blocked in a process that attached "
                  "the ring at %#lx (its creator at %#lx) although the creator had put a "
                  "message", (unsigned long) at_b, (unsigned long) at_a);
    ck_assert_msg(o.returned, "ring_get in a process that attached the ring at %#lx, not at "
                  "its creator's %#lx, did not return: %s. The segment holds a pointer, "
                  "which is only valid in the process that stored it: keep indices (offsets) "
                  "in the segment and compute addresses from what shmat returned in each "
                  "process", (unsigned long) at_b, (unsigned long) at_a, o.how);
    ck_assert_msg(o.ret == 16 && memcmp(o.data, "from the creator", 16) == 0,
                  "ring_get in a process that attached the ring at %#lx (its creator at %#lx) "
                  "returned %lld (errno %s) \"%s\"; expected \"from the creator\". Does the "
                  "segment hold a pointer? Keep indices (offsets) in it instead",
                  (unsigned long) at_b, (unsigned long) at_a, (long long) o.ret,
                  errname(o.err), shown(o.data, o.ret));
    put_text(b, rb, "from the other address");
    expect_text(a, ra, "from the other address", "a process that attached the ring elsewhere "
                "put \"from the other address\"");
}
END_TEST

/* The messages the consumers of a lock test took. */
struct taken {
    int  n;
    char msg[40][64];
};

/* Adds the message a ring_get returned to t. */
static void record(struct taken *t, const struct outcome *o, const char *story)
{
    require_returned(o);
    ck_assert_msg(o->ret >= 0 && o->ret < 64 && t->n < 40, "%s; then ring_get returned %lld "
                  "(errno %s)", story, (long long) o->ret, errname(o->err));
    memcpy(t->msg[t->n], o->data, (size_t) o->ret);
    t->msg[t->n++][o->ret] = '\0';
}

/* Takes messages with c until `want` were taken in all, then checks that
 * the ring holds no more. */
static void take_rest(struct subject *c, int64_t r, struct taken *t, int want, const char *story)
{
    struct outcome o;
    while (t->n < want) {
        SEND(c, ring_get, r, CAP);
        ck_assert_msg(subject_await(c, WAKE_MS, &o), "%s; then only %d of the %d messages "
                      "could be taken: one was lost. A position must stay locked from the "
                      "moment it is read until its slot is copied and it is moved on", story, t->n,
                      want);
        record(t, &o, story);
    }
    SEND(c, ring_get, r, CAP);
    ck_assert_msg(blocked(c, &o), "%s; then the ring gave a message more than was put "
                  "(%lld bytes, \"%s\"): a position must stay locked from the moment it is "
                  "read until its slot is copied and it is moved on", story, (long long) o.ret,
                  shown(o.data, o.ret));
}

/* Fails unless the consumers took exactly the t->n messages of `want`, each
 * once, in any order; the message names the first missing and the first
 * doubled one. */
static void expect_taken(const struct taken *t, const char *want[], const char *story)
{
    const char *missing = NULL, *doubled = NULL;

    for (int i = 0; i < t->n; i++) {
        int copies = 0;
        for (int j = 0; j < t->n; j++)
            copies += strcmp(t->msg[j], want[i]) == 0;
        if (copies == 0 && missing == NULL)
            missing = want[i];
        if (copies > 1 && doubled == NULL)
            doubled = want[i];
    }
    ck_assert_msg(missing == NULL && doubled == NULL, "%s; then, of the %d messages put, "
                  "\"%s\" %s and \"%s\" %s. Unless a position stays locked from the moment "
                  "it is read until its slot is copied and it is moved on, two processes use "
                  "the same slot", story, t->n, missing ? missing : "-",
                  missing ? "was never taken" : "(none missing)", doubled ? doubled : "-",
                  doubled ? "was taken twice" : "(none doubled)");
}

START_TEST(test_lock_guards_put)
{
    struct subject *a = subject_start(), *p = subject_start(), *q = subject_start(),
                   *c = subject_start();
    key_t key = test_key(1);
    const char *msgs[] = { "the paused producer's message", "the other producer's" };
    const char *story = "one producer was stopped in the middle of ring_put while a second "
                        "producer put a message";
    struct taken t = { 0 };
    struct outcome o;

    create_ring(a, key, 4);
    int64_t rp = open_ring(p, key), rq = open_ring(q, key), rc = open_ring(c, key);
    SEND_DATA(p, ring_put_paused, msgs[0], strlen(msgs[0]), rp, (int64_t) strlen(msgs[0]));
    await_paused(p, "ring_put");

    /* Q may put (a solution that copies the message before taking the lock),
     * or wait for the lock; a consumer may only ever take a complete message. */
    SEND_DATA(q, ring_put, msgs[1], strlen(msgs[1]), rq, (int64_t) strlen(msgs[1]));
    bool q_done = !blocked(q, &o);
    SEND(c, ring_get, rc, CAP);
    if (!blocked(c, &o)) {
        require_returned(&o);
        ck_assert_msg(q_done && o.ret == (int64_t) strlen(msgs[1]) &&
                      memcmp(o.data, msgs[1], strlen(msgs[1])) == 0,
                      "%s, and a consumer took %lld bytes, \"%s\": not a message any producer "
                      "had finished putting. A producer must hold the lock from reading its "
                      "position until the message is copied and the position moved on",
                      story, (long long) o.ret, shown(o.data, o.ret));
        record(&t, &o, story);
    }
    resume(p);
    o = wake(p, "the stopped ring_put", "it was let go on");
    ck_assert_msg(o.ret == 0, "ring_put returned %lld (errno %s) after being stopped for a "
                  "while; expected 0", (long long) o.ret, errname(o.err));
    if (!q_done) {
        o = wake(q, "the second producer's ring_put", "the first producer finished");
        ck_assert_msg(o.ret == 0, "the second producer's ring_put returned %lld (errno %s); "
                      "expected 0", (long long) o.ret, errname(o.err));
    }
    if (t.n == 0)
        record(&t, (o = wake(c, "ring_get", "both producers finished"), &o), story);
    take_rest(c, rc, &t, 2, story);
    expect_taken(&t, msgs, story);
}
END_TEST

START_TEST(test_lock_guards_get)
{
    enum { SLOTS = 32 };
    struct subject *a = subject_start(), *x = subject_start(), *y = subject_start(),
                   *p = subject_start();
    key_t key = test_key(1);
    static char names[SLOTS + 1][64];
    const char *msgs[SLOTS + 1];
    const char *story = "one consumer was stopped in the middle of ring_get, at its first "
                        "touch of the slot, while a second consumer took a message and a "
                        "producer put one into the full ring";
    struct taken t = { 0 };
    struct outcome oy, op;

    /* A full 32-slot ring whose oldest message is in slot 16: past the
     * segment's first page, where ring_get_paused stops the consumer. */
    int64_t ra = create_ring(a, key, SLOTS);
    for (int i = 0; i < SLOTS / 2; i++) {
        put_text(a, ra, "warm-up");
        expect_text(a, ra, "warm-up", "\"warm-up\" was put");
    }
    for (int i = 0; i <= SLOTS; i++) {
        snprintf(names[i], sizeof names[i], "message %d", i + 1);
        msgs[i] = names[i];
        if (i < SLOTS)
            put_text(a, ra, msgs[i]);
    }
    int64_t rx = open_ring(x, key), ry = open_ring(y, key), rp = open_ring(p, key);
    SEND(x, ring_get_paused, rx, key, CAP);
    await_paused(x, "ring_get");

    /* Y may take a message and P put one (a solution whose ring_get stops
     * before it takes the lock), or both wait; in the end every message must
     * have been taken once. */
    SEND(y, ring_get, ry, CAP);
    bool y_done = !blocked(y, &oy);
    SEND_DATA(p, ring_put, msgs[SLOTS], strlen(msgs[SLOTS]), rp, (int64_t) strlen(msgs[SLOTS]));
    bool p_done = !blocked(p, &op);
    resume(x);
    struct outcome ox = wake(x, "the stopped ring_get", "it was let go on");
    record(&t, &ox, story);
    record(&t, y_done ? &oy : (oy = wake(y, "the second consumer's ring_get",
                                         "the first consumer finished"), &oy), story);
    if (!p_done)
        op = wake(p, "ring_put into the full ring", "the consumers took messages");
    require_returned(&op);
    ck_assert_msg(op.ret == 0, "ring_put returned %lld (errno %s); expected 0",
                  (long long) op.ret, errname(op.err));
    take_rest(a, ra, &t, SLOTS + 1, story);
    expect_taken(&t, msgs, story);
}
END_TEST

/* The consumers' reports of the stress test, merged. */
struct stress_totals {
    unsigned malformed, out_of_order, twice, missing, first_bad_len;
    int first_missing;
    uint8_t seen[(STRESS_MESSAGES + 7) / 8];
};

static void merge_report(struct stress_totals *t, const struct stress_report *r)
{
    if (t->malformed == 0 && r->malformed > 0)
        t->first_bad_len = r->first_bad_len;
    t->malformed += r->malformed;
    t->out_of_order += r->out_of_order;
    t->twice += r->twice;
    for (int bit = 0; bit < STRESS_MESSAGES; bit++) {
        uint8_t mask = (uint8_t) (1u << (bit % 8));
        if (r->seen[bit / 8] & mask) {
            if (t->seen[bit / 8] & mask)
                t->twice++;
            t->seen[bit / 8] |= mask;
        }
    }
}

/* Spreads the subjects over the processors the test may use, one after the
 * other, and raises their priority where the grader is allowed to: then they
 * run at the same time even on a busy machine, and a race between them shows
 * in every run instead of now and then. */
static void run_side_by_side(struct subject **s, int n)
{
    cpu_set_t allowed;
    int cpus[CPU_SETSIZE], ncpus = 0;

    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0)
        for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
            if (CPU_ISSET(cpu, &allowed))
                cpus[ncpus++] = cpu;
    for (int i = 0; i < n; i++) {
        if (ncpus > 1) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpus[i % ncpus], &one);
            sched_setaffinity(subject_pid(s[i]), sizeof one, &one);
        }
        setpriority(PRIO_PROCESS, (id_t) subject_pid(s[i]), -10);
    }
}

enum {
    STRESS_CONSUMERS = 2,
    STRESS_SMALL_SLOTS = 8,   /* the ring of the rounds where all five run at once */
    STRESS_SMALL_ROUNDS = 5,
    STRESS_MS = 10000    /* a side of a round has this long to finish, on a busy machine */
};
#define STRESS_BARRIER_KEY test_key(99)

/* The stress test's start line: a semaphore of the test's own that the
 * producers and consumers wait on until it is 0 (stress_start). */
static void close_barrier(int barrier)
{
    ck_assert_int_eq(semctl(barrier, 0, SETVAL, 1), 0);
}

/* Waits until n subjects wait at the barrier, then lets them all go at once. */
static void open_barrier(int barrier, int n)
{
    for (int waited = 0; semctl(barrier, 0, GETZCNT) < n; waited++) {
        ck_assert_msg(waited < WAKE_MS, "the stress test's processes did not start: %s",
                      strerror(errno));
        pause_ms(1);
    }
    ck_assert_int_eq(semctl(barrier, 0, SETVAL, 0), 0);
}

/* One round of the stress test on a ring of `slots` slots, which every
 * subject has open (handles in rp and rc): the producers put their messages
 * and the consumers take them all, either at the same time or, when
 * `producers_first`, the producers alone (into a ring that holds every
 * message) and then the consumers alone; `slowed` makes some calls nap in
 * their middle (ring_calls.h). Fails the test when a message is lost,
 * doubled, torn or out of order. */
static void stress_round(struct subject **p, const int64_t *rp, struct subject **c,
                         const int64_t *rc, unsigned slots, bool producers_first, bool slowed)
{
    char round[200];
    int at = producers_first
        ? snprintf(round, sizeof round, "%d producers put %d messages each at the same time "
                   "into a ring with room for all, then %d consumers took them at the same "
                   "time", STRESS_PRODUCERS, STRESS_PER_PRODUCER, STRESS_CONSUMERS)
        : snprintf(round, sizeof round, "%d producers put %d messages each into a ring of %u "
                   "slots while %d consumers took them", STRESS_PRODUCERS,
                   STRESS_PER_PRODUCER, slots, STRESS_CONSUMERS);
    if (slowed)
        snprintf(round + at, sizeof round - (size_t) at, ", every %dth call of each process "
                 "held up for %d us in its middle", STRESS_NAP_EVERY, STRESS_NAP_US);

    struct stress_totals t;
    struct outcome o;
    const char *why = "Every read, use and update of a position must happen under a lock";
    int barrier = semget(STRESS_BARRIER_KEY, 0, 0);

    memset(&t, 0, sizeof t);
    close_barrier(barrier);
    for (int j = 0; j < STRESS_CONSUMERS && !producers_first; j++)
        SEND(c[j], get_many, rc[j], STRESS_MESSAGES / STRESS_CONSUMERS, barrier, slowed);
    for (int i = 0; i < STRESS_PRODUCERS; i++)
        SEND(p[i], put_many, rp[i], i, barrier, slowed);
    open_barrier(barrier, STRESS_PRODUCERS + (producers_first ? 0 : STRESS_CONSUMERS));
    for (int i = 0; i < STRESS_PRODUCERS; i++) {
        ck_assert_msg(subject_await(p[i], STRESS_MS, &o), "%s: the producers did not finish "
                      "within %d s: a wait that is never answered (a lost V?)", round,
                      STRESS_MS / 1000);
        require_returned(&o);
        ck_assert_msg(o.ret == 0, "%s: a producer's ring_put failed with %s", round,
                      errname(o.err));
    }
    close_barrier(barrier);
    for (int j = 0; j < STRESS_CONSUMERS && producers_first; j++)
        SEND(c[j], get_many, rc[j], STRESS_MESSAGES / STRESS_CONSUMERS, barrier, slowed);
    if (producers_first)
        open_barrier(barrier, STRESS_CONSUMERS);
    for (int j = 0; j < STRESS_CONSUMERS; j++) {
        ck_assert_msg(subject_await(c[j], STRESS_MS, &o), "%s: all %d messages were put, but "
                      "the consumers were still waiting for some %d s later: messages were "
                      "lost. %s", round, STRESS_MESSAGES, STRESS_MS / 1000, why);
        require_returned(&o);
        const struct stress_report *r = (const void *) o.data;
        ck_assert_msg(o.ret == 0, "%s: a consumer's ring_get failed with %s after %u messages",
                      round, errname((int) r->failed_errno), r->got);
        merge_report(&t, r);
    }
    for (int bit = 0; bit < STRESS_MESSAGES; bit++)
        if (!(t.seen[bit / 8] & (1u << (bit % 8))) && t.missing++ == 0)
            t.first_missing = bit;

    ck_assert_msg(t.malformed == 0, "%s: %u of the %d messages the consumers took were not "
                  "messages any producer put (the first: %u bytes): torn, stale or "
                  "overwritten slots. %s", round, t.malformed, STRESS_MESSAGES,
                  t.first_bad_len, why);
    ck_assert_msg(t.twice == 0, "%s: %u of the %d messages were delivered twice. %s",
                  round, t.twice, STRESS_MESSAGES, why);
    ck_assert_msg(t.missing == 0, "%s: %u of the %d messages were never delivered (the first: "
                  "message %d of producer %d). %s", round, t.missing, STRESS_MESSAGES,
                  t.first_missing % STRESS_PER_PRODUCER, t.first_missing / STRESS_PER_PRODUCER,
                  why);
    ck_assert_msg(t.out_of_order == 0, "%s: %u messages arrived after a later message of the "
                  "same producer: the ring must be first in, first out (the oldest message "
                  "is taken first)", round, t.out_of_order);
}

START_TEST(test_many_producers_consumers)
{
    struct subject *a = subject_start(), *s[STRESS_PRODUCERS + STRESS_CONSUMERS];
    struct subject **p = s, **c = s + STRESS_PRODUCERS;
    int64_t rp[2][STRESS_PRODUCERS], rc[2][STRESS_CONSUMERS];
    key_t big = test_key(1), small = test_key(2);

    make_semset(STRESS_BARRIER_KEY, 1, 0666);
    create_ring(a, big, STRESS_MESSAGES);
    create_ring(a, small, STRESS_SMALL_SLOTS);
    for (int i = 0; i < STRESS_PRODUCERS + STRESS_CONSUMERS; i++) {
        s[i] = subject_start();
        int64_t *r = i < STRESS_PRODUCERS ? rp[0] + i : rc[0] + i - STRESS_PRODUCERS;
        int64_t *r_small = i < STRESS_PRODUCERS ? rp[1] + i : rc[1] + i - STRESS_PRODUCERS;
        *r = open_ring(s[i], big);
        *r_small = open_ring(s[i], small);
    }
    run_side_by_side(s, STRESS_PRODUCERS + STRESS_CONSUMERS);
    stress_round(p, rp[0], c, rc[0], STRESS_MESSAGES, true, false);
    /* Rarer races show in most rounds, not all, and differently in the two
     * kinds: the rounds alternate (the figures are at the top). */
    for (int round = 0; round < STRESS_SMALL_ROUNDS; round++)
        stress_round(p, rp[1], c, rc[1], STRESS_SMALL_SLOTS, false, round % 2 == 1);
}
END_TEST

/* ------------------------------------------------------------------------
 * 7.12: SEM_UNDO
 * --------------------------------------------------------------------- */

START_TEST(test_no_undo)
{
    struct subject *a = subject_start(), *p = subject_start(), *q = subject_start(),
                   *c = subject_start();
    key_t key = test_key(1);
    const char *undo = "SEM_UNDO on the counting semaphores: the kernel takes back a "
                       "process's P and V operations when it exits, but a slot filled by one "
                       "process is emptied by another. Use sem_flg 0";
    struct outcome o;

    int64_t ra = create_ring(a, key, 1);
    put_text(p, open_ring(p, key), "kept");
    subject_finish(p);

    int64_t rq = open_ring(q, key);
    SEND_DATA(q, ring_put, "next", 4, rq, 4);
    ck_assert_msg(blocked(q, &o), "a producer put \"kept\" into a 1-slot ring and exited; then "
                  "ring_put in another process returned %lld instead of waiting for the slot: "
                  "the free slot came back when the producer exited. %s",
                  (long long) o.ret, undo);
    SEND(a, ring_get, ra, CAP);
    ck_assert_msg(subject_await(a, WAKE_MS, &o), "a producer put \"kept\" into the ring and "
                  "exited; then ring_get blocked: the message vanished with its producer. %s",
                  undo);
    require_returned(&o);
    ck_assert_msg(o.ret == 4 && memcmp(o.data, "kept", 4) == 0, "a producer put \"kept\" and "
                  "exited; ring_get then returned %lld (errno %s) \"%s\". %s",
                  (long long) o.ret, errname(o.err), shown(o.data, o.ret), undo);
    o = wake(q, "ring_put into the full ring", "a consumer took the message");
    ck_assert_int_eq(o.ret, 0);

    int64_t rc = open_ring(c, key);
    expect_text(c, rc, "next", "\"next\" was put");
    subject_finish(c);
    SEND(a, ring_get, ra, CAP);
    ck_assert_msg(blocked(a, &o), "a consumer took the only message and exited; then ring_get "
                  "returned %lld (errno %s) instead of waiting: the message count came back "
                  "when the consumer exited. %s", (long long) o.ret, errname(o.err), undo);
    put_text(q, rq, "last");
    o = wake(a, "ring_get", "a message was put");
    ck_assert_msg(o.ret == 4 && memcmp(o.data, "last", 4) == 0, "ring_get returned %lld "
                  "(errno %s); expected \"last\"", (long long) o.ret, errname(o.err));
}
END_TEST

/* ------------------------------------------------------------------------
 * 7.13-7.16: clean-up
 * --------------------------------------------------------------------- */

/* Judges a ring_create that must fail with EEXIST because the test made
 * `object` ("semaphore set" or "segment", of a smaller size than a ring's)
 * for the key: from the return value and the errno left, never a guess. */
static void expect_eexist(const struct outcome *o, const char *object)
{
    require_returned(o);
    ck_assert_msg(o->ret == 0, "ring_create for a key that already has a %s returned a handle: "
                  "it took over an object that someone else made. Make both objects with "
                  "IPC_CREAT | IPC_EXCL, which fails with EEXIST when the key is taken", object);
    ck_assert_msg(o->err != EINVAL, "ring_create for a key that already has a %s returned NULL "
                  "with errno EINVAL, not EEXIST. Two things give that: a get without IPC_EXCL, "
                  "which finds the smaller existing %s and refuses it with EINVAL, or a call "
                  "after the failing one (a clean-up that failed?) that changed errno. Make "
                  "both objects with IPC_CREAT | IPC_EXCL, and save errno before cleaning up",
                  object, object);
    ck_assert_msg(o->err == EEXIST, "ring_create for a key that already has a %s returned NULL "
                  "with errno %s; expected EEXIST, which the failing get left. %s", object,
                  errname(o->err), o->err == 0 ? "With errno 0, no failing system call set it: "
                  "a check of your own?" : "Did a call after the failing one change errno? "
                  "Save it before cleaning up and restore it after");
}

/* A ring of `slots`, more than a semaphore counts (SEMVMX, 32767): fails the
 * test unless ring_create returns NULL, leaves nothing of its own and errno
 * as the call that refused it set it: ERANGE when `erange` (the segment's
 * size is no problem), else any error (the segment may be refused first). */
static void expect_too_many_slots(struct subject *a, key_t key, unsigned slots, bool erange)
{
    struct outcome o = CALL(a, ring_create, key, slots);
    require_returned(&o);
    if (o.ret != 0) {
        int semid = semget(key, 0, 0);
        struct semid_ds ds;
        bool truncated = false;
        for (unsigned i = 0; semid != -1 && semaphore_set_stat(semid, &ds) && i < ds.sem_nsems; i++)
            truncated |= slots > 65535 && semaphore_get(semid, (int) i, GETVAL) == (int) (slots % 65536);
        ck_abort_msg("ring_create(key, %u) returned a handle, but a semaphore cannot count %u "
                     "free slots (its largest value, SEMVMX, is 32767)%s: semctl SETVAL (or "
                     "SETALL) refuses it with -1 and ERANGE", slots, slots, truncated ?
                     fmt("; one of the ring's semaphores holds %u, which is %u cut to 16 bits "
                         "(an unsigned short?)", slots % 65536, slots) : "");
    }
    ck_assert_msg(count_segments() == 1 && count_semsets() == 1,
                  "ring_create(key, %u) failed (errno %s) but the kernel then holds %s: when "
                  "setting the semaphores fails, remove the segment and the semaphore set you "
                  "made", slots, errname(o.err), describe_ipc());
    ck_assert_msg(erange ? o.err == ERANGE : o.err != 0, "ring_create(key, %u) returned NULL "
                  "and cleaned up, but with errno %s; expected %s. %s", slots, errname(o.err),
                  erange ? "ERANGE, which semctl leaves when a value is above SEMVMX"
                         : "the errno of the call that failed",
                  o.err == 0 ? "With errno 0, no failing system call set it: a check of your "
                  "own?" : "Did a clean-up call after the failure change errno? Save it before "
                  "cleaning up and restore it after");
}

START_TEST(test_create_cleans_up)
{
    struct subject *a = subject_start();
    struct outcome o;

    make_semset(test_key(1), 1, 0600);
    o = CALL(a, ring_create, test_key(1), 4);
    expect_eexist(&o, "semaphore set");
    ck_assert_msg(count_segments() == 0, "ring_create failed because a semaphore set existed "
                  "for the key, but left a segment behind (%s): when a step fails, remove "
                  "what the steps before it made (shmdt, shmctl IPC_RMID)", describe_ipc());
    ck_assert_msg(count_semsets() == 1, "after ring_create failed, the kernel holds %s: it "
                  "removed a semaphore set it had not made", describe_ipc());

    make_segment(test_key(2), 4096, 0600);
    o = CALL(a, ring_create, test_key(2), 4);
    expect_eexist(&o, "segment");
    ck_assert_msg(count_segments() == 1 && count_semsets() == 1,
                  "ring_create failed because a segment existed for the key, and the kernel "
                  "then holds %s; expected only the test's own segment and semaphore set: "
                  "remove what you made before the failure, and nothing else", describe_ipc());

    expect_too_many_slots(a, test_key(3), 40000, true);
    expect_too_many_slots(a, test_key(4), 65540, true);
    expect_too_many_slots(a, test_key(5), UINT_MAX, false);
}
END_TEST

START_TEST(test_close_leaves_ring)
{
    struct subject *a = subject_start(), *b = subject_start();
    key_t key = test_key(1);

    int64_t ra = create_ring(a, key, 4);
    int64_t rb = open_ring(b, key);
    struct outcome o = CALL(b, ring_close, rb);
    require_returned(&o);
    ck_assert_msg(o.ret == 0, "ring_close returned %lld (errno %s); expected 0",
                  (long long) o.ret, errname(o.err));
    ck_assert_msg(count_segments() == 1 && count_semsets() == 1 && semget(key, 0, 0) != -1 &&
                  shmget(key, 0, 0) != -1, "after ring_close in one of two processes the "
                  "kernel holds %s: ring_close must leave the ring to the others (no "
                  "IPC_RMID); that is ring_destroy's job", describe_ipc());
    ck_assert_msg(nattch(key) == 1, "after ring_close in one of two processes the segment has "
                  "%ld attachments; expected 1: ring_close detaches (shmdt)", nattch(key));
    rb = open_ring(b, key);
    put_text(b, rb, "still here");
    expect_text(a, ra, "still here", "a process closed its handle, opened the ring again and "
                "put \"still here\"");
}
END_TEST

START_TEST(test_destroy_removes_both)
{
    struct subject *a = subject_start(), *b = subject_start(), *c = subject_start();
    key_t key = test_key(1);

    int64_t ra = create_ring(a, key, 4);
    int64_t rb = open_ring(b, key), rc = open_ring(c, key);
    int shmid = shmget(key, 0, 0);
    struct outcome o = CALL(a, ring_destroy, ra);
    require_returned(&o);
    ck_assert_msg(o.ret == 0, "ring_destroy returned %lld (errno %s); expected 0",
                  (long long) o.ret, errname(o.err));
    ck_assert_msg(count_semsets() == 0, "ring_destroy left the semaphore set behind (%s): "
                  "a semaphore set is removed on its own, with semctl's IPC_RMID (semctl(2))",
                  describe_ipc());
    ck_assert_msg(shmget(key, 0, 0) == -1, "after ring_destroy the segment still has the "
                  "ring's key (%s): a segment is removed with shmctl's IPC_RMID (shmctl(2))",
                  describe_ipc());
    ck_assert_msg(count_segments() == 1, "after ring_destroy in one of three processes the "
                  "kernel holds %s; expected the segment to stay until the other processes "
                  "detach", describe_ipc());
    o = CALL(b, ring_close, rb);
    require_returned(&o);
    struct shmid_ds ds;
    ck_assert_msg(segment_stat(shmid, &ds) && ds.shm_nattch == 1, "after ring_destroy in one "
                  "process and ring_close in another, the kernel holds %s; expected the "
                  "segment to stay, attached once, for a third process that has the ring open: "
                  "ring_destroy must also detach (close the handle)", describe_ipc());

    /* A ring that is gone already: its ids name nothing, so removing fails. */
    o = CALL(c, ring_destroy, rc);
    require_returned(&o);
    ck_assert_msg(o.ret == -1 && (o.err == EINVAL || o.err == EIDRM), "ring_destroy of a ring "
                  "that another process had destroyed already returned %lld with errno %s; "
                  "expected -1 with EINVAL (or EIDRM): semctl IPC_RMID of a removed set fails. "
                  "%s", (long long) o.ret, errname(o.err), o.ret == -1 ? "Did a call after the "
                  "failing one change errno?" : "Return the failure of a removal, not 0");
}
END_TEST

/* Judges a call (started with SEND) on a ring that another process
 * destroyed `when` ("while it was blocked", "before the call"). */
static void expect_failed_by_destroy(struct subject *s, const char *call, const char *when)
{
    struct outcome o = wake(s, call, "the ring was destroyed");
    ck_assert_msg(o.ret == -1 && (o.err == EIDRM || o.err == EINVAL),
                  "%s, on a ring that another process destroyed %s, returned %lld with errno "
                  "%s; expected -1 with EIDRM (or EINVAL): when semop fails, return its "
                  "failure, and retry only on EINTR", call, when, (long long) o.ret,
                  errname(o.err));
}

START_TEST(test_destroy_wakes_blocked)
{
    struct subject *a = subject_start(), *b = subject_start(), *c = subject_start();
    key_t empty = test_key(1), full = test_key(2);

    int64_t r_empty = create_ring(a, empty, 2), r_full = create_ring(a, full, 1);
    put_text(a, r_full, "fills it");
    int64_t rb = open_ring(b, empty), rc = open_ring(c, full);
    SEND(b, ring_get, rb, CAP);
    SEND_DATA(c, ring_put, "waits", 5, rc, 5);
    ck_assert_msg(await_sleepers(empty, 1, WAKE_MS) && await_sleepers(full, 1, WAKE_MS),
                  "ring_get on an empty ring and ring_put on a full one do not both sleep on "
                  "the rings' semaphores");

    struct outcome o = CALL(a, ring_destroy, r_empty);
    require_returned(&o);
    ck_assert_msg(o.ret == 0, "ring_destroy returned %lld (errno %s)", (long long) o.ret,
                  errname(o.err));
    expect_failed_by_destroy(b, "ring_get", "while it was blocked");
    o = CALL(a, ring_destroy, r_full);
    require_returned(&o);
    ck_assert_msg(o.ret == 0, "ring_destroy returned %lld (errno %s)", (long long) o.ret,
                  errname(o.err));
    expect_failed_by_destroy(c, "ring_put", "while it was blocked");

    /* Calls made after the ring is gone, through handles still open: the
     * set's id names nothing, so the first wait fails at once. */
    SEND(b, ring_get, rb, CAP);
    expect_failed_by_destroy(b, "ring_get", "before the call");
    SEND_DATA(c, ring_put, "late", 4, rc, 4);
    expect_failed_by_destroy(c, "ring_put", "before the call");
}
END_TEST

/* ------------------------------------------------------------------------
 * 7.17-7.19: the programs, hygiene, memcheck
 * --------------------------------------------------------------------- */

START_TEST(test_programs)
{
    const char *keyfile = key_file("ring");
    const char *lines = "one\ntwo\n\nthree\n";
    key_t key = ftok(keyfile, 1);

    struct program_result pr = run_program((const char *[]) { "ring-producer", "--create",
                                                              keyfile, "8", NULL }, lines, WAKE_MS);
    require_program_ok(&pr, "ring-producer --create KEYFILE 8");
    ck_assert_msg(count_segments() == 1 && count_semsets() == 1, "after `ring-producer "
                  "--create KEYFILE 8` the kernel holds %s; expected the ring to stay",
                  describe_ipc());
    pr = run_program((const char *[]) { "ring-consumer", "--destroy", keyfile, NULL }, NULL,
                     WAKE_MS);
    require_program_ok(&pr, "ring-consumer --destroy KEYFILE");
    ck_assert_msg(strcmp(pr.out, lines) == 0, "ring-consumer printed %s; expected the "
                  "producer's lines one | two | (empty) | three", one_line(pr.out));
    ck_assert_msg(count_segments() == 0 && count_semsets() == 0, "after `ring-consumer "
                  "--destroy` the kernel holds %s", describe_ipc());

    /* More lines than slots: the producer sleeps until the consumer takes some. */
    struct subject *a = subject_start();
    CALL(a, ring_close, create_ring(a, key, 2));
    char many[200] = "";
    for (int i = 1; i <= 20; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "line %d\n", i);
    struct program *producer = program_start((const char *[]) { "ring-producer", keyfile, NULL },
                                             many);
    pr = run_program((const char *[]) { "ring-consumer", "--destroy", keyfile, NULL }, NULL,
                     WAKE_MS);
    struct program_result prod = program_wait(producer, WAKE_MS);
    require_program_ok(&prod, "ring-producer KEYFILE (20 lines into a 2-slot ring)");
    require_program_ok(&pr, "ring-consumer --destroy KEYFILE (20 lines through a 2-slot ring)");
    ck_assert_msg(strcmp(pr.out, many) == 0, "ring-consumer printed %s for 20 lines sent "
                  "through a 2-slot ring; expected line 1 | line 2 | ... | line 20",
                  one_line(pr.out));

    pr = run_program((const char *[]) { "ring-consumer", keyfile, NULL }, NULL, WAKE_MS);
    require_program_error(&pr, "ring-consumer KEYFILE (no ring)", "No such file or directory");
}
END_TEST

START_TEST(test_hygiene)
{
    struct subject *a = subject_start(), *b = subject_start();
    char big[RING_MSG_MAX + 1];
    struct outcome o;

    memset(big, 'x', sizeof big);
    o = CALL(a, ring_open, test_key(1));
    require_returned(&o);
    ck_assert_msg(o.ret == 0 && count_segments() == 0 && count_semsets() == 0,
                  "ring_open of a key without a ring returned %s and the kernel then holds "
                  "%s: ring_open must never create (no IPC_CREAT)",
                  o.ret ? "a handle" : "NULL", describe_ipc());

    /* Half a ring, either half: no ring, so ENOENT, and nothing kept. */
    int shmid = make_segment(test_key(2), 4096, 0666);
    o = CALL(a, ring_open, test_key(2));
    require_returned(&o);
    struct shmid_ds ds = stat_segment(shmid);
    ck_assert_msg(o.ret == 0 && ds.shm_nattch == 0 && count_semsets() == 0,
                  "ring_open of a key with a segment but no semaphore set returned %s, and "
                  "left %lu attachments and %s: when a step fails, undo the steps before it "
                  "(shmdt) and return NULL", o.ret ? "a handle" : "NULL",
                  (unsigned long) ds.shm_nattch, describe_ipc());
    ck_assert_msg(o.err == ENOENT, "ring_open of a key with a segment but no semaphore set "
                  "returned NULL with errno %s; expected ENOENT, which semget leaves for a key "
                  "without a set. %s", errname(o.err), o.err == 0 ? "With errno 0, no failing "
                  "system call set it." : "Did a call after the failing one (a clean-up?) "
                  "change errno? Save it before cleaning up and restore it after");
    make_semset(test_key(3), 3, 0666);
    o = CALL(a, ring_open, test_key(3));
    require_returned(&o);
    ck_assert_msg(o.ret == 0 && o.err == ENOENT && count_segments() == 1,
                  "ring_open of a key with a semaphore set but no segment returned %s with "
                  "errno %s, and the kernel then holds %s; expected NULL with ENOENT (what "
                  "shmget leaves for a key without a segment) and no new object",
                  o.ret ? "a handle" : "NULL", errname(o.err), describe_ipc());

    /* Every function once on its way to success and once on its way to
     * failure, all judged by other tests: here only what they leave. */
    o = CALL(a, ring_create, test_key(4), 2);
    require_step(&o, "ring_create(key 4, 2)", o.ret != 0, "a handle", "7.1");
    int64_t r = o.ret;
    o = CALL(a, ring_create, test_key(4), 2);
    require_step(&o, "ring_create of a key that has a ring", o.ret == 0 && o.err == EEXIST,
                 "NULL with errno EEXIST", "7.1");
    o = CALL(a, ring_create, test_key(5), 40000);
    require_step(&o, "ring_create(key 5, 40000)", o.ret == 0 && o.err == ERANGE,
                 "NULL with errno ERANGE", "7.13");
    o = CALL_DATA(a, ring_put, "hello", 5, r, 5);
    require_step(&o, "ring_put of 5 bytes", o.ret == 0, "0", "7.2");
    o = CALL_DATA(a, ring_put, big, sizeof big, r, (int64_t) sizeof big);
    require_step_failure(&o, "ring_put of RING_MSG_MAX + 1 bytes", EMSGSIZE, "7.3");
    o = CALL(a, ring_get, r, CAP);
    require_step(&o, "ring_get of a 5-byte message", o.ret == 5, "5", "7.2");
    o = CALL(b, ring_open, test_key(4));
    require_step(&o, "ring_open(key 4) in another process", o.ret != 0, "a handle", "7.2");
    int64_t rb = o.ret;
    o = CALL(a, ring_destroy, r);
    require_step(&o, "ring_destroy", o.ret == 0, "0", "7.15");
    o = CALL(b, ring_get, rb, CAP);
    require_step(&o, "ring_get on a destroyed ring", o.ret == -1, "-1", "7.16");
    o = CALL_DATA(b, ring_put, "late", 4, rb, 4);
    require_step(&o, "ring_put on a destroyed ring", o.ret == -1, "-1", "7.16");
    o = CALL(b, ring_destroy, rb);
    require_step(&o, "ring_destroy of a destroyed ring", o.ret == -1, "-1", "7.15");
    ck_assert_msg(count_segments() == 1 && count_semsets() == 1,
                  "ring_create then ring_destroy left %s; expected only the test's own "
                  "segment and semaphore set", describe_ipc());

    o = CALL(a, ring_create, test_key(6), 2);
    require_step(&o, "ring_create(key 6, 2)", o.ret != 0, "a handle", "7.1");
    o = CALL(a, ring_close, o.ret);
    require_returned(&o);
    ck_assert_msg(o.ret == 0 && count_segments() == 2 && count_semsets() == 2 &&
                  nattch(test_key(6)) == 0,
                  "ring_create then ring_close returned %lld and left %s (%ld attachments); "
                  "expected the ring, one segment and one semaphore set, detached",
                  (long long) o.ret, describe_ipc(), nattch(test_key(6)));
    require_printed_nothing(b, "ring_open, ring_get, ring_put and ring_destroy");
    require_printed_nothing(a, "the ring_ functions");
}
END_TEST

/* One step of the memcheck scenario, which other tests judge: the call must
 * return `want`, else the rest of the scenario is not reached. */
#define MEMCHECK_STEP(o, want, what, see)                                                \
    require_step(&(o), (what), (o).ret == (want), fmt("%lld", (long long) (want)), (see))

START_TEST(test_memcheck)
{
    struct subject *v = subject_start_memcheck();
    char big[RING_MSG_MAX + 1];
    struct outcome o;

    memset(big, 'x', sizeof big);
    make_semset(test_key(3), 1, 0600);
    o = CALL(v, ring_create, test_key(1), 2);
    require_step(&o, "ring_create(key 1, 2)", o.ret != 0, "a handle", "7.1");
    int64_t r = o.ret;
    o = CALL_DATA(v, ring_put, "alpha", 5, r, 5);
    MEMCHECK_STEP(o, 0, "ring_put of 5 bytes", "7.2");
    o = CALL_DATA(v, ring_put, big, sizeof big, r, (int64_t) sizeof big);
    MEMCHECK_STEP(o, -1, "ring_put of RING_MSG_MAX + 1 bytes", "7.3");
    o = CALL_DATA(v, ring_put, "", 0, r, 0);
    MEMCHECK_STEP(o, 0, "ring_put of 0 bytes", "7.2");
    o = CALL(v, ring_get, r, 3);
    MEMCHECK_STEP(o, 5, "ring_get(r, buf, 3) of a 5-byte message", "7.4");
    o = CALL(v, ring_get, r, CAP);
    MEMCHECK_STEP(o, 0, "ring_get of a 0-byte message", "7.4");

    o = CALL(v, ring_open, test_key(1));
    require_step(&o, "ring_open(key 1)", o.ret != 0, "a handle", "7.2");
    int64_t r2 = o.ret;
    o = CALL_DATA(v, ring_put, "beta", 4, r2, 4);
    MEMCHECK_STEP(o, 0, "ring_put through a second handle", "7.2");
    o = CALL(v, ring_get, r, CAP);
    MEMCHECK_STEP(o, 4, "ring_get of a 4-byte message", "7.2");
    o = CALL(v, ring_close, r2);
    MEMCHECK_STEP(o, 0, "ring_close", "7.14");
    o = CALL(v, ring_open, test_key(2));
    MEMCHECK_STEP(o, 0, "ring_open of a key without a ring", "7.2");
    o = CALL(v, ring_create, test_key(1), 2);
    MEMCHECK_STEP(o, 0, "ring_create of a key that has a ring", "7.1");
    o = CALL(v, ring_create, test_key(3), 2);
    MEMCHECK_STEP(o, 0, "ring_create of a key that has a semaphore set", "7.13");
    o = CALL(v, ring_destroy, r);
    MEMCHECK_STEP(o, 0, "ring_destroy", "7.15");

    subject_finish(v);
    const char *report = subject_memcheck_report(v);
    require_no_memory_errors(v, report != NULL && strstr(report, " lost") != NULL
                                    ? "Every handle that ring_create and ring_open malloc "
                                      "must be freed by ring_close and ring_destroy, and their "
                                      "failure paths must free what they allocated" : NULL);
    ck_assert_msg(count_segments() == 0 && count_semsets() == 1, "after the scenario (ending "
                  "with ring_destroy) the kernel holds %s; expected only the test's own "
                  "semaphore set", describe_ipc());
}
END_TEST

/* ------------------------------------------------------------------------
 * 7.20: another user's ring
 * --------------------------------------------------------------------- */

START_TEST(test_open_refused)
{
    struct subject *a = subject_start();
    key_t key = test_key(1);

    /* Both objects belong to the test's user, mode 0600: the subject's user
     * is in the group or other class, which gets no access at all. */
    int shmid = make_segment(key, 4096, 0600);
    make_semset(key, 3, 0600);
    struct outcome o = CALL(a, ring_open, key);
    require_returned(&o);
    ck_assert_msg(o.ret == 0, "ring_open of a ring whose segment and semaphore set belong to "
                  "another user, with mode 0600, returned a handle: the kernel refuses this "
                  "process access to both, so no call on the ring could work");
    struct shmid_ds ds = stat_segment(shmid);
    ck_assert_msg(ds.shm_nattch == 0 && count_segments() == 1 && count_semsets() == 1,
                  "ring_open of another user's ring failed, but left %lu attachments and %s: "
                  "when a step fails, undo the steps before it", (unsigned long) ds.shm_nattch,
                  describe_ipc());
    ck_assert_msg(o.err == EACCES, "ring_open of a ring whose segment and semaphore set belong "
                  "to another user, with mode 0600, returned NULL with errno %s; expected "
                  "EACCES, which shmget or shmat leave when the kernel refuses access. %s",
                  errname(o.err), o.err == ENOENT ? "ENOENT says there is no ring, and there "
                  "is one: is errno set by your code rather than left as the failing call set "
                  "it?" : o.err == ENOSYS ? "ENOSYS is the skeleton's answer: write ring_open "
                  "first." : o.err == 0 ? "With errno 0, no failing system call set it." :
                  "Did a call after the failing one change errno?");
    require_printed_nothing(a, "ring_open");
}
END_TEST

/* ------------------------------------------------------------------------
 * Coverage map: each clause of the contract (docs/labs.md, "Rules for every
 * lab" and "07-ring"), and the tests that check it. What no test can check
 * is in the README's "What the tests cannot check".
 *
 * Rules for every lab
 *   errno is the failing call's, nothing after it changes it:
 *     ring_create  EEXIST (set or segment taken) 7.1, 7.13; ERANGE (40000 and
 *                  65540 slots) 7.13; some errno for UINT_MAX slots 7.13
 *     ring_open    ENOENT (no ring 7.2; a segment alone, a set alone 7.18);
 *                  EACCES (another user's ring) 7.20
 *     ring_put     EMSGSIZE (257, 1000, 2^32 + 5, SIZE_MAX bytes) 7.3;
 *                  EIDRM/EINVAL (destroyed while blocked, or before) 7.16
 *     ring_get     EIDRM/EINVAL (destroyed while blocked, or before) 7.16
 *     ring_destroy EINVAL/EIDRM (a ring destroyed already) 7.15
 *     ring_close   cannot fail on a handle it was given (README)
 *   id 0 is valid (the first segment and set of every test are 0): 7.1, 7.2
 *   modes: ring.h takes none; the objects' modes are the student's choice,
 *     but must let the creator's user open the ring: 7.2; another user's
 *     0600 ring is refused, whatever mode ring_open asks for: 7.20
 *   prints nothing: every function, success and failure paths, 7.18;
 *     ring_open refused access, 7.20 (and the programs' output, 7.17);
 *     never exits: every call (require_returned)
 *
 * 07-ring
 *   ring_create: both objects, for the key, attached once 7.1; IPC_PRIVATE
 *     (a new ring each call) 7.1; EEXIST when either exists 7.1, 7.13;
 *     initial values usable at once 7.2-7.5; slots 1 7.3, 7.7, 7.12; slots
 *     beyond a semaphore's count (40000, 65540, UINT_MAX) 7.13; a failure
 *     leaves nothing, and never removes another's object 7.13, 7.19 (leaks)
 *   ring_open: another process, ENOENT, never creates 7.2, 7.18; undoes its
 *     steps on failure 7.18, 7.20; learns the slots (a 32-slot ring) 7.10
 *   ring_put: 0, 5 and 256 bytes 7.2; EMSGSIZE at once, no slot taken 7.3;
 *     sleeps while full, in the kernel 7.5
 *   ring_get: oldest first 7.2, 7.5; cap below, 0 and SIZE_MAX, full length
 *     returned, the rest dropped 7.4; sleeps while empty, no CPU 7.6
 *   many at once: each message once, each producer's in order 7.9-7.11;
 *     no pointers in the segment 7.8 (and 7.2 says so when the opener
 *     crashes); signal handler interrupts go on 7.7; no SEM_UNDO 7.12
 *   ring_close: detaches, frees, the ring stays 7.14, 7.18, 7.19
 *   ring_destroy: removes both, detaches 7.15; wakes sleepers 7.16
 *   return values: every test checks 0 / a handle, -1 / NULL as above
 */
static const struct graded_test tests[] = {
    GRADED(test_create_makes_both, "7.1", 4,
           "ring_create makes a new segment and semaphore set for the key; EEXIST when one exists", 0),
    GRADED(test_open_passes_messages, "7.2", 5,
           "ring_open finds the ring from another process (ENOENT when none); messages cross in order", 0),
    GRADED(test_put_too_long, "7.3", 3,
           "ring_put fails with EMSGSIZE above RING_MSG_MAX and takes no slot", 0),
    GRADED(test_get_truncates, "7.4", 3,
           "ring_get copies at most cap bytes and returns the message's full length", 0),
    GRADED(test_full_ring_blocks_producer, "7.5", 4,
           "a full ring puts producers to sleep until a slot is free", 0),
    GRADED(test_empty_ring_sleeps, "7.6", 5,
           "an empty ring puts consumers to sleep in the kernel (no CPU spent waiting)", GT_SLOW),
    GRADED(test_wait_resumes_after_signal, "7.7", 4,
           "a wait interrupted by a signal handler goes on waiting (EINTR)", 0),
    GRADED(test_other_address, "7.8", 5,
           "a process that attaches the ring at another address uses it correctly (no pointers in the segment)", 0),
    GRADED(test_lock_guards_put, "7.9", 6,
           "the mutex: a producer stopped mid-ring_put does not let another producer use its slot", GT_SLOW),
    GRADED(test_lock_guards_get, "7.10", 6,
           "the mutex: a consumer stopped mid-ring_get does not let another consumer take its message", GT_SLOW),
    GRADED(test_many_producers_consumers, "7.11", 8,
           "3 producers and 2 consumers at once: every message exactly once, each producer's in order", GT_SLOW),
    GRADED(test_no_undo, "7.12", 4,
           "messages and free slots stay counted when the process that made them exits (no SEM_UNDO)", 0),
    GRADED(test_create_cleans_up, "7.13", 3,
           "ring_create that fails half-way leaves no segment or semaphore set behind", 0),
    GRADED(test_close_leaves_ring, "7.14", 2,
           "ring_close detaches and leaves the ring to the other processes", 0),
    GRADED(test_destroy_removes_both, "7.15", 2,
           "ring_destroy removes the segment and the semaphore set", 0),
    GRADED(test_destroy_wakes_blocked, "7.16", 3,
           "ring_destroy makes blocked ring_get and ring_put fail (EIDRM or EINVAL)", 0),
    GRADED(test_programs, "7.17", 2,
           "ring-producer and ring-consumer pass lines end to end, through a full ring too", 0),
    GRADED(test_hygiene, "7.18", 2,
           "the ring's calls leave no segment or semaphore set behind that they should not", 0),
    GRADED(test_memcheck, "7.19", 2,
           "valgrind finds no memory error or leak in the ring's functions", GT_SLOW),
    GRADED(test_open_refused, "7.20", 2,
           "ring_open of another user's ring fails with EACCES and keeps nothing attached", GT_OTHER_USER),
};

JUDGE_MAIN("07-ring", tests)
