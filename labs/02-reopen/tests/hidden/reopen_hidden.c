/*
 * reopen_hidden.c: the instructor's hidden tests of lab 02-reopen.
 *
 * The same contract as the public tests (reopen_tests.c), with values those
 * never use: segments of exactly a page, a page plus one and several MiB,
 * write-only modes, keys among many segments. A seg_reopen or seg_size tuned
 * to the public tests' values loses these points. Left out of the handout.
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#include "judge.h"
#include "reopen_calls.h"

#define MIB (1024 * 1024)

/* Calls seg_reopen(key, mode) in s and requires `want`, the segment's id. */
static void reopens_to(struct subject *s, key_t key, int mode, int want)
{
    struct outcome o = CALL(s, seg_reopen, key, mode);

    require_returned(&o);
    ck_assert_msg(o.ret == want, "seg_reopen(%#x, %s) returned %lld (errno %s), expected %d, "
                  "the id of the %zu-byte segment with mode %s that exists for that key",
                  (unsigned) key, octal(mode), (long long) o.ret, errname(o.err), want,
                  (size_t) stat_segment(want).shm_segsz,
                  octal(stat_segment(want).shm_perm.mode & 0777));
}

START_TEST(test_size_around_pages)
{
    long page = sysconf(_SC_PAGESIZE);
    const size_t sizes[] = { (size_t) page, (size_t) page + 1, 5 * MIB + 3, 3 };
    int ids[4];
    struct subject *s;

    for (int i = 0; i < 4; i++)
        ids[i] = make_segment(test_key(30 + i), sizes[i], 0644);
    s = subject_start();
    for (int i = 0; i < 4; i++) {
        struct outcome o = CALL(s, seg_size, ids[i]);
        require_returned(&o);
        ck_assert_msg(o.ret == (int64_t) sizes[i], "seg_size(%d) returned %lld (errno %s) for "
                      "a segment of %zu bytes: return shm_segsz as IPC_STAT gives it",
                      ids[i], (long long) o.ret, errname(o.err), sizes[i]);
    }
}
END_TEST

START_TEST(test_reopen_large_and_odd_sizes)
{
    long page = sysconf(_SC_PAGESIZE);
    int large = make_segment(test_key(40), 6 * MIB, 0640);
    int odd = make_segment(test_key(41), (size_t) page + 1, 0646);
    struct subject *s = subject_start();

    reopens_to(s, test_key(41), 0600, odd);
    reopens_to(s, test_key(40), 0, large);
    ck_assert_msg(count_segments() == 2, "seg_reopen left %s, expected the test's two "
                  "segments only: reopening never creates", describe_ipc());
}
END_TEST

START_TEST(test_reopen_write_only)
{
    int id = make_segment(test_key(50), 100, 0222);
    struct subject *s = subject_start();

    reopens_to(s, test_key(50), 0200, id);
    reopens_to(s, test_key(50), 0022, id);
    struct outcome o = CALL(s, seg_reopen, test_key(50), 0400);
    require_failure(&o, fmt("seg_reopen(%#x, 0400) of a segment with mode 0222",
                            (unsigned) test_key(50)),
                    EACCES, "the segment grants no read access and mode asks for it: pass "
                    "mode & 0777 to shmget");
}
END_TEST

START_TEST(test_reopen_among_many)
{
    int ids[12];
    struct subject *s;

    for (int i = 0; i < 12; i++)
        ids[i] = make_segment((key_t) (0x51000000 + i * 0x1111), (size_t) (i + 1) * 100, 0666);
    s = subject_start();
    for (int i = 11; i >= 0; i -= 3)
        reopens_to(s, (key_t) (0x51000000 + i * 0x1111), 0400, ids[i]);
    struct outcome o = CALL(s, seg_reopen, (key_t) 0x51000001, 0600);
    require_failure(&o, "seg_reopen(0x51000001, 0600), a key with no segment", ENOENT,
                    "without IPC_CREAT shmget reports a key with no segment as ENOENT");
    ck_assert_msg(count_segments() == 12, "seg_reopen left %s, expected the test's twelve "
                  "segments only", describe_ipc());
}
END_TEST

static const struct graded_test tests[] = {
    GRADED(test_size_around_pages,          "2.H1", 2, "seg_size is exact for a page, a page plus one, several MiB and 3 bytes", 0),
    GRADED(test_reopen_large_and_odd_sizes, "2.H2", 2, "seg_reopen finds segments of 6 MiB and of a page plus one", 0),
    GRADED(test_reopen_write_only,          "2.H3", 2, "seg_reopen asks for exactly the access in mode (write-only segments)", 0),
    GRADED(test_reopen_among_many,          "2.H4", 1, "seg_reopen finds the right segment among twelve", 0),
};

JUDGE_MAIN("02-reopen", tests)
