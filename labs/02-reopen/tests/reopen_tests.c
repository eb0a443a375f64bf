/*
 * reopen_tests.c: the graded tests of lab 02-reopen (seg_reopen, seg_size).
 *
 * The segments are made by the test process itself (make_segment), so
 * student code always reopens a segment that another process created, under
 * another owner where the grader runs as root. The tests judge the ids and
 * errno that come back, the number of segments in the namespace (reopening
 * never creates), and compare sizes with the kernel's own shm_segsz. Each
 * test has a fresh IPC namespace, so its first segment gets id 0.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

#include "judge.h"

/* The project id shmsize gives ftok by default. */
#define PROGRAM_PROJ 1
#define MIB (1024 * 1024)

/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

static const char *reopen_text(key_t key, int mode)
{
    return fmt("seg_reopen(%#x, %s)", (unsigned) key, octal(mode));
}

/* Why seg_reopen failed with `err` on a segment that exists and grants the
 * access asked for. */
static const char *reopen_hint(int err, int want_id)
{
    switch (err) {
    case EINVAL:
        return "shmget fails with EINVAL when the size asked for is larger than the "
               "segment's; reopening must work for every segment, so it asks for no "
               "size at all (shmget(2); the README, \"Finding a segment\")";
    case EACCES:
        return "the segment grants the access asked for: shmget checks the access in its "
               "flags, so they must carry the caller's mode & 0777, not a fixed mode";
    case ENOENT:
        return "the key has a segment: is the key given to shmget the caller's own?";
    case 0:
        if (want_id == 0)
            return "0 is a valid shmid (the first segment gets 0); only -1 means failure, "
                   "so compare shmget's result with -1";
        return "the result should be the id that shmget found, unchanged";
    default:
        return "shmget finds the segment without creating one and checks the access asked "
               "for; its result is seg_reopen's (shmget(2); the README, \"Finding a "
               "segment\")";
    }
}

/* Calls seg_reopen in s and requires `want`, the id of the segment that
 * exists for `key` and grants what `mode` asks. */
static void reopen_ok(struct subject *s, key_t key, int mode, int want)
{
    const char *call = reopen_text(key, mode);
    struct outcome o = CALL(s, seg_reopen, key, mode);

    require_returned(&o);
    struct shmid_ds ds = stat_segment(want);
    ck_assert_msg(o.ret != -1, "%s returned -1 (errno %s), expected %d, the id of the "
                  "%zu-byte segment with mode %s that exists for that key: %s",
                  call, errname(o.err), want, (size_t) ds.shm_segsz,
                  octal(ds.shm_perm.mode & 0777), reopen_hint(o.err, want));
    ck_assert_msg(o.ret == want, "%s returned %lld, expected %d, the id of the segment that "
                  "exists for that key (%s): the result should be the id that shmget "
                  "found, unchanged",
                  call, (long long) o.ret, want, describe_ipc());
}

/* Calls seg_size in s and requires `want` bytes. */
static void size_ok(struct subject *s, int shmid, size_t want)
{
    long page = sysconf(_SC_PAGESIZE);
    struct outcome o = CALL(s, seg_size, shmid);

    require_returned(&o);
    ck_assert_msg(o.ret != -1, "seg_size(%d) returned -1 (errno %s) for a readable %zu-byte "
                  "segment: %s", shmid, errname(o.err), want,
                  shmid == 0 && o.err == 0
                      ? "0 is a valid shmid; only -1 from shmctl means failure"
                      : "IPC_STAT copies the kernel's record, size included, into a struct "
                        "shmid_ds of the caller's (shmctl(2); the README, \"Asking the "
                        "kernel\")");
    ck_assert_msg(o.ret == (int64_t) want,
                  "seg_size(%d) returned %lld for a %zu-byte segment: %s", shmid,
                  (long long) o.ret, want,
                  o.ret == 0 ? "is the struct that shm_segsz is read from the one that "
                               "IPC_STAT filled?"
                  : o.ret > (int64_t) want && o.ret % page == 0
                      ? "the kernel records the exact size asked for (shm_segsz), not the "
                        "pages it used"
                      : "the size is the shm_segsz field of the record IPC_STAT copies out "
                        "(shmctl(2))");
}

/* ------------------------------------------------------------------------
 * seg_reopen
 * --------------------------------------------------------------------- */

START_TEST(test_reopen_finds_segment)
{
    int first = make_segment(test_key(1), 1000, 0666);
    int second = make_segment(test_key(2), 1000, 0666);
    struct subject *s = subject_start();

    reopen_ok(s, test_key(2), 0600, second);
    reopen_ok(s, test_key(1), 0600, first);
    reopen_ok(s, test_key(1), 0400, first);
}
END_TEST

START_TEST(test_reopen_never_creates)
{
    make_segment(test_key(1), 64, 0666);
    struct subject *s = subject_start();
    const char *call = reopen_text(test_key(2), 0600);
    struct outcome o = CALL(s, seg_reopen, test_key(2), 0600);

    require_returned(&o);
    ck_assert_msg(count_segments() == 1,
                  "%s for a key with no segment created one (%s): IPC_CREAT asks shmget to "
                  "create; reopening passes no IPC_CREAT", call, describe_ipc());
    ck_assert_msg(!(o.ret == -1 && o.err == EINVAL),
                  "%s for a key with no segment failed with EINVAL, expected ENOENT: shmget "
                  "tried to create a segment of size 0, so IPC_CREAT is in the flags; "
                  "reopening passes no IPC_CREAT", call);
    require_failed(&o, call, ENOENT, "shmget", "when it is not asked to create, shmget "
                   "reports a key with no segment as ENOENT (shmget(2))");
}
END_TEST

START_TEST(test_reopen_mode_masked)
{
    int id = make_segment(test_key(1), 64, 0666);
    struct subject *s = subject_start();
    const char *call = reopen_text(test_key(2), 01600);
    struct outcome o = CALL(s, seg_reopen, test_key(2), 01600);

    require_returned(&o);
    ck_assert_msg(count_segments() == 1 && !(o.ret == -1 && o.err == EINVAL),
                  "%s for a key with no segment %s, expected -1 with ENOENT: only mode & 0777 "
                  "counts, and 01000 is IPC_CREAT's bit: a mode that reaches shmget "
                  "unmasked can ask it to create",
                  call, count_segments() > 1 ? "created one" : "failed with EINVAL");
    require_failed(&o, call, ENOENT, "shmget", "the key has no segment");
    reopen_ok(s, test_key(1), 0100600, id);
}
END_TEST

START_TEST(test_reopen_any_size)
{
    int big = make_segment(test_key(1), MIB, 0666);
    int tiny = make_segment(test_key(2), 1, 0666);
    struct subject *s = subject_start();

    reopen_ok(s, test_key(2), 0600, tiny);
    reopen_ok(s, test_key(1), 0600, big);
}
END_TEST

START_TEST(test_reopen_access_denied)
{
    int id = make_segment(test_key(1), 64, 0444);
    struct subject *s = subject_start();
    const char *call = reopen_text(test_key(1), 0600);
    struct outcome o = CALL(s, seg_reopen, test_key(1), 0600);

    require_returned(&o);
    ck_assert_msg(o.ret == -1,
                  "%s returned %lld, although the segment's mode 0444 grants no write access "
                  "and mode asked for it: shmget's flags must carry mode & 0777, so that "
                  "the kernel checks the access asked for", call, (long long) o.ret);
    require_failed(&o, call, EACCES, "shmget", "the kernel refuses access the segment's "
                   "mode does not grant");
    reopen_ok(s, test_key(1), 0400, id);
    reopen_ok(s, test_key(1), 0444, id);
}
END_TEST

START_TEST(test_reopen_mode_zero)
{
    int id = make_segment(test_key(1), 64, 0);
    struct subject *s = subject_start();

    reopen_ok(s, test_key(1), 0, id);
    struct outcome o = CALL(s, seg_reopen, test_key(1), 0400);
    require_failed(&o, reopen_text(test_key(1), 0400), EACCES, "shmget",
                   "the segment's mode 0 grants no read access, and shmget checks the access "
                   "its flags ask for");
}
END_TEST

/* ------------------------------------------------------------------------
 * seg_size
 * --------------------------------------------------------------------- */

START_TEST(test_size_exact)
{
    const size_t sizes[] = { 1000, 1, MIB, 4097 };
    int ids[4];
    struct subject *s;

    for (int i = 0; i < 4; i++)
        ids[i] = make_segment(test_key(i + 1), sizes[i], 0444);
    s = subject_start();
    for (int i = 0; i < 4; i++)
        size_ok(s, ids[i], sizes[i]);
}
END_TEST

START_TEST(test_size_bad_id)
{
    int id = make_segment(test_key(1), 64, 0444);
    struct subject *s = subject_start();
    const char *hint = "check shmctl's result, and when it fails leave errno as shmctl set it";

    struct outcome o = CALL(s, seg_size, -1);
    require_failed(&o, "seg_size(-1)", EINVAL, "shmctl", hint);
    ck_assert_msg(shmctl(id, IPC_RMID, NULL) != -1, "the test could not remove segment %d", id);
    o = CALL(s, seg_size, id);
    require_failed(&o, fmt("seg_size(%d) for a segment that was removed", id), EINVAL,
                   "shmctl", hint);
}
END_TEST

START_TEST(test_size_access_denied)
{
    int id = make_segment(test_key(1), 64, 0222);
    struct subject *s = subject_start();
    struct outcome o = CALL(s, seg_size, id);

    require_failed(&o, fmt("seg_size(%d) for a segment with mode 0222", id), EACCES,
                   "shmctl", "IPC_STAT needs read permission, and shmctl's errno says so");
}
END_TEST

/* ------------------------------------------------------------------------
 * The program, hygiene, memory
 * --------------------------------------------------------------------- */

START_TEST(test_shmsize_program)
{
    const char *path = key_file("demo");
    int id = make_segment(ftok(path, PROGRAM_PROJ), 1234, 0644);
    const char *argv[] = { "shmsize", path, NULL };
    const char *cmd = fmt("shmsize %s", path);
    struct program_result r = run_program(argv, NULL, 3000);

    require_program_ok(&r, cmd);
    ck_assert_msg(strstr(r.out, fmt("shmid %d ", id)) && strstr(r.out, " size 1234 ") &&
                  strstr(r.out, " mode 0644"),
                  "`%s` should print shmid %d, size 1234 and mode 0644; it printed: %s", cmd,
                  id, one_line(r.out));

    const char *other = key_file("no-segment");
    const char *argv_none[] = { "shmsize", other, NULL };
    r = run_program(argv_none, NULL, 3000);
    require_program_error(&r, fmt("shmsize %s", other), strerror(ENOENT));
    ck_assert_msg(count_segments() == 1, "`shmsize %s` for a key with no segment left %s, "
                  "expected the one segment of the test: seg_reopen never creates",
                  other, describe_ipc());
}
END_TEST

/* Every function, on its success and failure paths, on two segments the test
 * makes: one read-only (0444), one with mode 0. Other tests judge these
 * calls; here a wrong result only says that the rest was not reached. */
static void reopen_scenario(struct subject *s)
{
    int open_id = make_segment(test_key(1), 100, 0444);
    int closed_id = make_segment(test_key(2), 100, 0);
    struct outcome o;

    o = CALL(s, seg_reopen, test_key(1), 0400);
    require_step(&o, reopen_text(test_key(1), 0400), o.ret == open_id,
                 fmt("%d, the segment's id", open_id), "2.1");
    o = CALL(s, seg_reopen, test_key(1), 0600);
    require_step_failure(&o, reopen_text(test_key(1), 0600), EACCES, "2.5");
    o = CALL(s, seg_reopen, test_key(2), 0400);
    require_step_failure(&o, reopen_text(test_key(2), 0400), EACCES, "2.6");
    o = CALL(s, seg_reopen, test_key(3), 0600);
    require_step_failure(&o, reopen_text(test_key(3), 0600), ENOENT, "2.2");
    o = CALL(s, seg_size, open_id);
    require_step(&o, fmt("seg_size(%d)", open_id), o.ret == 100, "100", "2.7");
    o = CALL(s, seg_size, closed_id);
    require_step_failure(&o, fmt("seg_size(%d) of a mode 0 segment", closed_id), EACCES, "2.9");
    o = CALL(s, seg_size, -1);
    require_step_failure(&o, "seg_size(-1)", EINVAL, "2.8");
}

START_TEST(test_reopen_hygiene)
{
    struct subject *s = subject_start();

    reopen_scenario(s);
    ck_assert_msg(count_segments() == 2,
                  "after seg_reopen and seg_size calls the kernel holds %s, expected only the "
                  "test's two segments: neither function makes a segment", describe_ipc());
    require_printed_nothing(s, "seg_reopen and seg_size");
}
END_TEST

START_TEST(test_reopen_memcheck)
{
    struct subject *s = subject_start_memcheck();

    reopen_scenario(s);
    require_no_memory_errors(s, NULL);
}
END_TEST

static const struct graded_test tests[] = {
    GRADED(test_reopen_finds_segment,  "2.1",  3, "seg_reopen finds the segment another process made for the key", 0),
    GRADED(test_reopen_never_creates,  "2.2",  3, "seg_reopen fails with ENOENT and creates nothing for an unknown key", 0),
    GRADED(test_reopen_mode_masked,    "2.3",  1, "seg_reopen uses only mode & 0777 (01600 is 0600)", 0),
    GRADED(test_reopen_any_size,       "2.4",  3, "seg_reopen works whatever the segment's size (1 byte, 1 MiB)", 0),
    GRADED(test_reopen_access_denied,  "2.5",  3, "seg_reopen fails with EACCES when mode asks for more than granted", 0),
    GRADED(test_reopen_mode_zero,      "2.6",  1, "seg_reopen with mode 0 checks no access", 0),
    GRADED(test_size_exact,            "2.7",  3, "seg_size returns the exact size the kernel recorded", 0),
    GRADED(test_size_bad_id,           "2.8",  2, "seg_size fails with EINVAL for a bad or removed id", 0),
    GRADED(test_size_access_denied,    "2.9",  1, "seg_size fails with EACCES without read permission", 0),
    GRADED(test_shmsize_program,       "2.10", 2, "shmsize shows a segment's size from the command line", 0),
    GRADED(test_reopen_hygiene,        "2.11", 1, "no segment made by reopening or asking the size", 0),
    GRADED(test_reopen_memcheck,       "2.12", 1, "no memory errors (valgrind)", GT_SLOW),
};

JUDGE_MAIN("02-reopen", tests)
