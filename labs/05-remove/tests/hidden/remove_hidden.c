/*
 * remove_hidden.c: the instructor's hidden tests of lab 05-remove.
 *
 * The same contract as the public tests (remove_tests.c), with values those
 * never use: segments of a page plus one and several MiB, read-only and
 * write-only modes, a key among many, a removal pending across several
 * attachments. A submission tuned to the public tests' values loses these
 * points. Left out of the student handout.
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#include "judge.h"
#include "remove_calls.h"

#define MIB (1024 * 1024)

/* A segment that s owns (plain shmget, lab 01's job): s may remove it. */
static int owned(struct subject *s, key_t key, size_t size, int mode)
{
    struct outcome o = CALL(s, kit_shmget, key, (int64_t) size, mode);

    require_returned(&o);
    ck_assert_msg(o.ret != -1, "test bug: shmget failed in the subject: %s", errname(o.err));
    return (int) o.ret;
}

/* Attaches shmid in s with plain shmat (lab 03's job). */
static int64_t kit_attach(struct subject *s, int shmid)
{
    struct outcome o = CALL(s, kit_shmat, shmid);

    require_returned(&o);
    ck_assert_msg(o.ret != -1, "test bug: shmat of segment %d failed: %s", shmid, errname(o.err));
    return o.ret;
}

/* Requires the call to have returned `want` (errno EINVAL when -1). */
static void returned(const struct outcome *o, int want, const char *call)
{
    require_returned(o);
    ck_assert_msg(o->ret == want && (want != -1 || o->err == EINVAL),
                  "%s returned %lld (errno %s), expected %s", call, (long long) o->ret,
                  errname(o->err), want == -1 ? "-1 with EINVAL" : fmt("%d", want));
}

START_TEST(test_remove_key_sizes_and_modes)
{
    long page = sysconf(_SC_PAGESIZE);
    struct subject *s = subject_start();
    const size_t sizes[] = { (size_t) page + 1, 6 * MIB, 1 };
    const int modes[] = { 0400, 0200, 0444 };

    for (int i = 0; i < 3; i++) {
        key_t key = (key_t) (0x55000000 + i * 0x10101);
        int id = owned(s, key, sizes[i], modes[i]);
        struct outcome o = CALL(s, seg_remove_key, key);
        returned(&o, 0, fmt("seg_remove_key(%#x) of the caller's %zu-byte segment with mode %s",
                            (unsigned) key, sizes[i], octal(modes[i])));
        ck_assert_msg(await_destroyed(id), "after seg_remove_key(%#x) its unattached %zu-byte "
                      "segment still exists (%s): find it whatever its size or mode, with "
                      "shmget(key, 0, 0), then IPC_RMID", (unsigned) key, sizes[i], describe_ipc());
    }
}
END_TEST

START_TEST(test_remove_key_among_many)
{
    struct subject *s = subject_start();
    int ids[10];

    for (int i = 0; i < 10; i++)
        ids[i] = owned(s, (key_t) (0x56000000 + i), 4096, 0600);
    struct outcome o = CALL(s, seg_remove_key, (key_t) 0x56000006);
    returned(&o, 0, "seg_remove_key(0x56000006) among ten segments");
    ck_assert_msg(await_destroyed(ids[6]) && count_segments() == 9,
                  "seg_remove_key(0x56000006) among ten segments left %s, expected the nine "
                  "others only", describe_ipc());
    o = CALL(s, seg_remove_key, (key_t) 0x56000006);
    require_failure(&o, "seg_remove_key(0x56000006) a second time", ENOENT,
                    "its segment is gone: shmget(key, 0, 0) fails with ENOENT");
    ck_assert_msg(count_segments() == 9, "a failed seg_remove_key changed the segments: %s",
                  describe_ipc());
}
END_TEST

START_TEST(test_pending_across_attachments)
{
    struct subject *a = subject_start(), *b = subject_start();
    int id = owned(a, test_key(80), 3 * MIB, 0666);
    int64_t in_a[3], in_b = kit_attach(b, id);
    struct outcome o;

    for (int i = 0; i < 3; i++)
        in_a[i] = kit_attach(a, id);
    o = CALL(b, seg_removal_pending, id);
    returned(&o, 0, "seg_removal_pending of a segment attached four times, not marked");
    o = CALL(a, seg_remove, id);
    returned(&o, 0, "seg_remove of a segment attached four times");
    for (int i = 0; i < 3; i++) {
        o = CALL(b, seg_removal_pending, id);
        returned(&o, 1, fmt("seg_removal_pending of a marked segment with %d attachments", 4 - i));
        o = CALL(a, kit_shmdt, in_a[i]);
        require_returned(&o);
    }
    o = CALL(b, seg_removal_pending, id);
    returned(&o, 1, "seg_removal_pending of a marked segment with its last attachment");
    o = CALL(b, kit_shmdt, in_b);
    require_returned(&o);
    ck_assert_msg(await_destroyed(id), "the segment outlived its last attachment");
    o = CALL(b, seg_removal_pending, id);
    returned(&o, -1, "seg_removal_pending of the destroyed segment");
}
END_TEST

START_TEST(test_remove_one_of_many)
{
    struct subject *s = subject_start();
    int ids[5];

    for (int i = 0; i < 5; i++)
        ids[i] = owned(s, test_key(90 + i), (size_t) (i + 1) * 5000, 0600);
    for (int i = 4; i >= 0; i -= 2) {
        struct outcome o = CALL(s, seg_remove, ids[i]);
        returned(&o, 0, fmt("seg_remove(%d) of an unattached segment", ids[i]));
        ck_assert_msg(await_destroyed(ids[i]), "after seg_remove(%d) the segment still exists",
                      ids[i]);
    }
    ck_assert_msg(count_segments() == 2, "after removing three of five segments the kernel "
                  "holds %s, expected the other two", describe_ipc());
}
END_TEST

static const struct graded_test tests[] = {
    GRADED(test_remove_key_sizes_and_modes,  "5.H1", 2, "seg_remove_key removes segments of a page plus one, 6 MiB and 1 byte, read- or write-only", 0),
    GRADED(test_remove_key_among_many,       "5.H2", 2, "seg_remove_key removes only its key's segment among ten", 0),
    GRADED(test_pending_across_attachments,  "5.H3", 2, "seg_removal_pending says 1 until the fourth and last detach", 0),
    GRADED(test_remove_one_of_many,          "5.H4", 1, "seg_remove removes exactly the segment named, of any size", 0),
};

JUDGE_MAIN("05-remove", tests)
