/*
 * ring_hidden.c: the instructor's hidden tests of lab 07-ring.
 *
 * The same contract as the public tests (ring_tests.c), with values those
 * never use: a 1-slot ring wrapped around hundreds of times, a ring of 1000
 * slots filled to the brim, a ring of 20000 slots (about 5 MiB), binary
 * messages of 0, 1, 255 and RING_MSG_MAX bytes with NULs in them, caps
 * around the message's length, two rings side by side under other keys. A
 * ring tuned to the public tests' values (at most 8 slots, text messages)
 * loses these points. Left out of the student handout.
 */
#include <errno.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>

#include "judge.h"
#include "ring_calls.h"
#include "semaphore_kit.h"

enum {
    WAKE_MS  = 3000,     /* a call must end within this long once it can */
    BLOCK_MS = 200,      /* a call still running after this long is blocked */
    CAP      = 1024      /* ring_get's cap when the whole message is wanted */
};

/* ring_create in s; fails the test unless it returned a handle. */
static int64_t new_ring(struct subject *s, key_t key, unsigned slots)
{
    struct outcome o = CALL(s, ring_create, key, slots);

    require_returned(&o);
    ck_assert_msg(o.ret != 0, "ring_create(%#x, %u) returned NULL with errno %s where the key "
                  "had no ring: it should make one of %u slots", (unsigned) key, slots,
                  errname(o.err), slots);
    return o.ret;
}

/* ring_open in s; fails the test unless it returned a handle. */
static int64_t opened_ring(struct subject *s, key_t key)
{
    struct outcome o = CALL(s, ring_open, key);

    require_returned(&o);
    ck_assert_msg(o.ret != 0, "ring_open(%#x) returned NULL with errno %s although the key "
                  "has a ring", (unsigned) key, errname(o.err));
    return o.ret;
}

/* Message n of a test: `len` bytes that differ from message to message and
 * hold NULs and bytes above 127. */
static void make_message(unsigned char *msg, size_t len, unsigned n)
{
    for (size_t i = 0; i < len; i++)
        msg[i] = (unsigned char) ((i * 31 + n * 7) % 5 == 0 ? 0 : (i * 13 + n * 101) % 256);
}

/* ring_put of message n (len bytes) in s, which must return 0 within WAKE_MS. */
static void put_message(struct subject *s, int64_t r, unsigned n, size_t len, const char *where)
{
    unsigned char msg[RING_MSG_MAX];
    struct outcome o;

    make_message(msg, len, n);
    SEND_DATA(s, ring_put, msg, len, r, (int64_t) len);
    ck_assert_msg(subject_await(s, WAKE_MS, &o), "ring_put of message %u (%zu bytes) into %s "
                  "blocked although the ring had a free slot", n, len, where);
    require_returned(&o);
    ck_assert_msg(o.ret == 0, "ring_put of message %u (%zu bytes) into %s returned %lld (errno "
                  "%s), expected 0", n, len, where, (long long) o.ret, errname(o.err));
}

/* ring_get in s with `cap`; requires message n of len bytes (its first
 * min(cap, len) bytes in the buffer, its whole length returned). */
static void get_message(struct subject *s, int64_t r, unsigned n, size_t len, size_t cap,
                        const char *where)
{
    unsigned char want[RING_MSG_MAX];
    size_t copied = cap < len ? cap : len;
    struct outcome o;

    make_message(want, len, n);
    SEND(s, ring_get, r, (int64_t) cap);
    ck_assert_msg(subject_await(s, WAKE_MS, &o), "ring_get from %s blocked although message %u "
                  "(%zu bytes) was in the ring", where, n, len);
    require_returned(&o);
    ck_assert_msg(o.ret == (int64_t) len, "ring_get(r, buf, %zu) from %s returned %lld (errno "
                  "%s), expected %zu, the length of message %u", cap, where, (long long) o.ret,
                  errname(o.err), len, n);
    ck_assert_msg(memcmp(o.data, want, copied) == 0, "ring_get from %s returned the length of "
                  "message %u (%zu bytes) but other bytes: copy the message's bytes as they are "
                  "(NUL bytes too: not a string), at most cap of them", where, n, len);
}

START_TEST(test_one_slot_wraps_around)
{
    struct subject *a = subject_start(), *b = subject_start();
    key_t key = test_key(110);
    int64_t ra = new_ring(a, key, 1), rb = opened_ring(b, key);

    for (unsigned n = 0; n < 300; n++) {
        size_t len = (n * 37) % (RING_MSG_MAX + 1);
        put_message(a, ra, n, len, "a 1-slot ring emptied after each message");
        get_message(b, rb, n, len, CAP, "a 1-slot ring, in another process");
    }
}
END_TEST

START_TEST(test_thousand_slots_fill_up)
{
    struct subject *a = subject_start(), *b = subject_start();
    key_t key = test_key(111);
    int64_t ra = new_ring(a, key, 1000), rb = opened_ring(b, key);
    struct outcome o;

    for (unsigned n = 0; n < 1000; n++)
        put_message(a, ra, n, n % 50, "a ring of 1000 slots not yet full");
    unsigned char extra[3] = { 1, 2, 3 };
    SEND_DATA(a, ring_put, extra, 3, ra, 3);
    ck_assert_msg(!subject_await(a, BLOCK_MS, &o), "ring_put into a ring of 1000 slots holding "
                  "1000 messages returned %lld (errno %s) instead of sleeping until a slot is "
                  "free", (long long) o.ret, errname(o.err));
    for (int waited = 0; waited < WAKE_MS && semaphore_sleepers(key) == 0; waited += 5)
        pause_ms(5);
    ck_assert_msg(semaphore_sleepers(key) > 0, "ring_put into a full ring of 1000 slots neither returned "
                  "nor slept on the ring's semaphores");
    for (unsigned n = 0; n < 1000; n++)
        get_message(b, rb, n, n % 50, CAP, "a ring of 1000 slots, in order");
    ck_assert_msg(subject_await(a, WAKE_MS, &o), "ring_put still sleeps after 1000 messages "
                  "were taken from its ring");
    require_returned(&o);
    ck_assert_msg(o.ret == 0, "the ring_put that waited for a free slot returned %lld (errno %s)",
                  (long long) o.ret, errname(o.err));
}
END_TEST

START_TEST(test_binary_lengths_many_rounds)
{
    struct subject *a = subject_start();
    const size_t lens[] = { 0, 1, RING_MSG_MAX - 1, RING_MSG_MAX };
    int64_t r = new_ring(a, test_key(112), 3);
    unsigned n = 0;

    for (int round = 0; round < 40; round++) {
        for (int i = 0; i < 3; i++)
            put_message(a, r, n + (unsigned) i, lens[(n + (unsigned) i) % 4], "a 3-slot ring");
        for (int i = 0; i < 3; i++)
            get_message(a, r, n + (unsigned) i, lens[(n + (unsigned) i) % 4], CAP, "a 3-slot ring");
        n += 3;
    }
}
END_TEST

START_TEST(test_caps_around_length)
{
    struct subject *a = subject_start();
    const size_t caps[] = { RING_MSG_MAX, RING_MSG_MAX - 1, 1, RING_MSG_MAX + 1, 0 };
    int64_t r = new_ring(a, test_key(113), 6);

    for (unsigned i = 0; i < 5; i++)
        put_message(a, r, 500 + i, RING_MSG_MAX, "a 6-slot ring");
    for (unsigned i = 0; i < 5; i++)
        get_message(a, r, 500 + i, RING_MSG_MAX, caps[i], "a 6-slot ring");
    unsigned char none = 0;
    struct outcome o = CALL_DATA(a, ring_put, &none, 0, r, 0);
    require_returned(&o);
    get_message(a, r, 0, 0, 0, "a ring holding one empty message");
}
END_TEST

START_TEST(test_two_rings_other_keys)
{
    struct subject *a = subject_start(), *b = subject_start();
    const key_t keys[] = { 0x1, 0x7fffffff };
    int64_t ra[2], rb[2];

    for (int k = 0; k < 2; k++) {
        ra[k] = new_ring(a, keys[k], k ? 7 : 5);
        rb[k] = opened_ring(b, keys[k]);
    }
    ck_assert_msg(count_segments() == 2 && count_semsets() == 2, "two rings (keys 0x1 and "
                  "0x7fffffff) left %s, expected one segment and one set each", describe_ipc());
    for (unsigned n = 0; n < 10; n++)
        put_message(a, ra[n % 2], n, 20 + n, "one of two rings");
    for (unsigned n = 0; n < 10; n += 2)
        get_message(b, rb[0], n, 20 + n, CAP, "the ring of key 0x1 (messages must not cross rings)");
    struct outcome o = CALL(a, ring_destroy, ra[0]);
    require_returned(&o);
    ck_assert_msg(o.ret == 0 && semget(keys[1], 0, 0) != -1 && shmget(keys[1], 0, 0) != -1,
                  "ring_destroy of the ring of key 0x1 returned %lld (errno %s) and left %s: it "
                  "must remove its own ring only", (long long) o.ret, errname(o.err),
                  describe_ipc());
    for (unsigned n = 1; n < 10; n += 2)
        get_message(b, rb[1], n, 20 + n, CAP, "the ring of key 0x7fffffff");
}
END_TEST

START_TEST(test_ring_of_several_mib)
{
    struct subject *a = subject_start(), *b = subject_start();
    key_t key = test_key(114);
    int64_t ra = new_ring(a, key, 20000);
    struct shmid_ds ds = stat_segment(shmget(key, 0, 0));

    ck_assert_msg(ds.shm_segsz >= (size_t) 20000 * RING_MSG_MAX, "the segment of a ring of "
                  "20000 slots has %zu bytes: too small for 20000 slots of RING_MSG_MAX (%d) "
                  "bytes", (size_t) ds.shm_segsz, RING_MSG_MAX);
    int64_t rb = opened_ring(b, key);
    for (unsigned n = 0; n < 40; n++)
        put_message(a, ra, n, RING_MSG_MAX - n, "a ring of 20000 slots");
    for (unsigned n = 0; n < 40; n++)
        get_message(b, rb, n, RING_MSG_MAX - n, CAP, "a ring of 20000 slots");
    struct outcome o = CALL(b, ring_destroy, rb);
    require_returned(&o);
    o = CALL(a, ring_close, ra);
    require_returned(&o);
    ck_assert_msg(count_segments() == 0 && count_semsets() == 0, "after ring_destroy and "
                  "ring_close of a ring of 20000 slots the kernel holds %s", describe_ipc());
}
END_TEST

static const struct graded_test tests[] = {
    GRADED(test_one_slot_wraps_around,     "7.H1", 2, "a 1-slot ring passes 300 messages of 0 to 256 bytes between two processes", 0),
    GRADED(test_thousand_slots_fill_up,    "7.H2", 2, "a ring of 1000 slots holds 1000 messages before a producer sleeps", 0),
    GRADED(test_binary_lengths_many_rounds, "7.H3", 2, "binary messages of 0, 1, 255 and 256 bytes wrap around a 3-slot ring 40 times", 0),
    GRADED(test_caps_around_length,        "7.H4", 1, "ring_get with caps of 256, 255, 1, 257 and 0", 0),
    GRADED(test_two_rings_other_keys,      "7.H5", 1, "two rings under keys 0x1 and 0x7fffffff keep their messages apart", 0),
    GRADED(test_ring_of_several_mib,       "7.H6", 1, "a ring of 20000 slots (about 5 MiB) works and is removed whole", 0),
};

JUDGE_MAIN("07-ring", tests)
