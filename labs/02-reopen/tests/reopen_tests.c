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
#include "reopen_calls.h"

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
                  : want > UINT32_MAX && (o.ret == (int32_t) want || o.ret == (uint32_t) want)
                      ? "that is the size cut to 32 bits: is it kept in an int or an unsigned "
                        "on the way? shm_segsz is a size_t, and seg_size returns a ssize_t"
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

    /* IPC_PRIVATE names no segment to find: shmget makes a new one for it
     * whatever the flags, unless the size asked for is 0 (EINVAL). */
    call = fmt("seg_reopen(IPC_PRIVATE, %s)", octal(0600));
    o = CALL(s, seg_reopen, IPC_PRIVATE, 0600);
    require_returned(&o);
    ck_assert_msg(count_segments() == 1,
                  "%s made a new segment (%s): with the key IPC_PRIVATE shmget always "
                  "creates, with or without IPC_CREAT, unless the size asked for is 0. "
                  "Reopening never makes a segment, so it asks for no size at all",
                  call, describe_ipc());
    ck_assert_msg(o.ret == -1 && o.err != 0,
                  "%s returned %lld (errno %s), expected -1 with errno set: IPC_PRIVATE names "
                  "no segment that could be reopened", call, (long long) o.ret, errname(o.err));
}
END_TEST

START_TEST(test_reopen_mode_masked)
{
    int id = make_segment(test_key(1), 64, 0666);
    struct subject *s = subject_start();
    const int every_bit = (int) (~0777u | 0400u);     /* negative: every bit above 0777 */
    /* The plain mode first: when it fails too, the bits above 0777 are not the cause. */
    const char *call = reopen_text(test_key(1), 0400);
    struct outcome o = CALL(s, seg_reopen, test_key(1), 0400);
    require_returned(&o);
    ck_assert_msg(o.ret == id, "not reached: %s returned %lld (errno %s) for a key whose segment "
                  "grants read, expected %d, before any bit above 0777 was tried; see 2.1",
                  call, (long long) o.ret, errname(o.err), id);

    call = reopen_text(test_key(1), every_bit);
    o = CALL(s, seg_reopen, test_key(1), every_bit);

    require_returned(&o);
    ck_assert_msg(!(o.ret == -1 && o.err == EEXIST),
                  "%s returned -1 with EEXIST for a key whose segment grants read: EEXIST "
                  "comes only from IPC_CREAT | IPC_EXCL, bits 01000 and 02000 of this mode. "
                  "Only mode & 0777 counts: a mode that reaches shmget unmasked is read as "
                  "flags, and 01000 is IPC_CREAT", call);
    ck_assert_msg(o.ret != -1,
                  "%s failed with %s for a key whose segment grants read, expected %d: only "
                  "mode & 0777 (here 0400) counts, and the bits above it are neither refused "
                  "nor passed on", call, errname(o.err), id);
    ck_assert_msg(o.ret == id, "%s returned %lld, expected %d, the id of the segment that "
                  "exists for that key", call, (long long) o.ret, id);

    call = reopen_text(test_key(2), 01600);
    o = CALL(s, seg_reopen, test_key(2), 01600);
    require_returned(&o);
    ck_assert_msg(count_segments() == 1,
                  "%s for a key with no segment created one (%s), expected -1 with ENOENT: "
                  "only mode & 0777 counts, and 01000 is IPC_CREAT's bit: a mode that "
                  "reaches shmget unmasked asks it to create", call, describe_ipc());
    ck_assert_msg(!(o.ret == -1 && o.err == EINVAL),
                  "%s for a key with no segment failed with EINVAL and made nothing, expected "
                  "ENOENT. Either 01000, IPC_CREAT's bit, reached shmget, which then refuses "
                  "to create a segment of size 0, or the mode was refused for its bits above "
                  "0777: only mode & 0777 counts, and the other bits are neither passed on "
                  "nor refused", call);
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

/* The effective id on the line `field` ("Uid:" or "Gid:") of
 * /proc/PID/status: the one the kernel's permission checks use. */
static unsigned effective_id(pid_t pid, const char *field)
{
    char line[256];
    unsigned real, effective;
    bool found = false;
    FILE *f = open_proc_of(pid, "status");

    ck_assert_msg(f != NULL, "the test could not read /proc/%d/status: %s", (int) pid,
                  strerror(errno));
    while (!found && fgets(line, sizeof line, f) != NULL)
        found = strncmp(line, field, strlen(field)) == 0 &&
                sscanf(line + strlen(field), "%u %u", &real, &effective) == 2;
    fclose(f);
    ck_assert_msg(found, "the test found no %s line in /proc/%d/status", field, (int) pid);
    return effective;
}

/* Makes a segment for `key` with permission bits `mode`, owned by user
 * `uid` and group `gid` (the test makes it, then hands it over). */
static int make_owned_segment(key_t key, int mode, unsigned uid, unsigned gid)
{
    int id = make_segment(key, 64, mode);
    struct shmid_ds ds = stat_segment(id);

    ds.shm_perm.uid = uid;
    ds.shm_perm.gid = gid;
    ck_assert_msg(shmctl(id, IPC_SET, &ds) != -1, "the test could not give segment %d to "
                  "user %u, group %u: %s", id, uid, gid, strerror(errno));
    return id;
}

/* The class `what` ("owner", "group", "other") of a caller of
 * seg_reopen(key, mode) on segment `id`, which grants that class `digit`:
 * requires the id when `granted`, else -1 with EACCES. */
static void reopen_as_class(struct subject *s, key_t key, int mode, int id, const char *what,
                            int digit, bool granted)
{
    const char *call = reopen_text(key, mode);
    int merged = ((mode >> 6) | (mode >> 3) | mode) & 7;
    const char *rule = fmt("the kernel merges the three digits of the access asked for "
                           "((m >> 6) | (m >> 3) | m, here %o) and checks them against the "
                           "digit of the caller's own class; which digit of mode holds them "
                           "chooses no class", merged);
    struct outcome o = CALL(s, seg_reopen, key, mode);

    require_returned(&o);
    if (granted) {
        ck_assert_msg(o.ret == id || (o.ret == -1 && o.err == EACCES),
                      "%s returned %lld (errno %s), expected %d, the id of the segment that "
                      "exists for that key and grants what mode asks for", call,
                      (long long) o.ret, errname(o.err), id);
        ck_assert_msg(o.ret == id,
                      "%s returned %lld (errno %s), expected %d: the caller is in the "
                      "segment's %s class, whose digit %o grants what mode asks for: %s. "
                      "Does seg_reopen judge the access itself, or ask shmget for something "
                      "other than mode & 0777?", call, (long long) o.ret, errname(o.err), id,
                      what, digit, rule);
        return;
    }
    ck_assert_msg(o.ret == -1,
                  "%s returned %lld, expected -1 with EACCES: the caller is in the "
                  "segment's %s class, whose digit %o does not grant what mode asks for: "
                  "%s. Does mode & 0777 reach shmget?", call, (long long) o.ret, what, digit,
                  rule);
    require_failed(&o, call, EACCES, "shmget", rule);
}

START_TEST(test_reopen_callers_class)
{
    struct subject *s = subject_start();
    unsigned uid = effective_id(subject_pid(s), "Uid:");
    unsigned gid = effective_id(subject_pid(s), "Gid:");
    unsigned my_uid = (unsigned) geteuid(), my_gid = (unsigned) getegid();

    ck_assert_msg(uid != my_uid && gid != my_gid, "test bug: the subject runs as user %u, "
                  "group %u, the test's own", uid, gid);
    /* other: neither owner nor group; 0006 grants read and write */
    int other = make_owned_segment(test_key(1), 0006, my_uid, my_gid);
    reopen_as_class(s, test_key(1), 0600, other, "other", 6, true);
    reopen_as_class(s, test_key(1), 0060, other, "other", 6, true);
    reopen_as_class(s, test_key(1), 0006, other, "other", 6, true);
    /* owner: the same bits grant the owner nothing */
    int owned = make_owned_segment(test_key(2), 0006, uid, my_gid);
    reopen_as_class(s, test_key(2), 0600, owned, "owner", 0, false);
    reopen_as_class(s, test_key(2), 0006, owned, "owner", 0, false);
    reopen_as_class(s, test_key(2), 0, owned, "owner", 0, true);
    /* group: its digit decides, whatever the others' */
    int group = make_owned_segment(test_key(3), 0060, my_uid, gid);
    reopen_as_class(s, test_key(3), 0006, group, "group", 6, true);
    int not_group = make_owned_segment(test_key(4), 0606, my_uid, gid);
    reopen_as_class(s, test_key(4), 0060, not_group, "group", 0, false);

    /* IPC_STAT, in seg_size, needs read permission by the same rule */
    size_ok(s, other, 64);
    struct outcome o = CALL(s, seg_size, owned);
    require_failed(&o, fmt("seg_size(%d) by the owner of a segment with mode 0006", owned),
                   EACCES, "shmctl", "IPC_STAT needs read permission in the caller's own "
                   "class, here the owner's digit 0; shmctl's errno says so");
}
END_TEST

/* ------------------------------------------------------------------------
 * seg_size
 * --------------------------------------------------------------------- */

/* Makes a segment of `size` bytes for `key` with no memory set aside for it
 * (SHM_NORESERVE; nobody touches it). When the namespace's bound on all
 * segments' pages (shmall, which the grader keeps low) is in the way, the
 * bound is raised for this one call and then put back. Returns the id, or
 * -1 when the kernel refuses it all the same. */
static int make_unreserved_segment(key_t key, size_t size, int mode)
{
    const int flags = IPC_CREAT | IPC_EXCL | SHM_NORESERVE | mode;
    int id = shmget(key, size, flags);
    unsigned long long bound;

    if (id != -1 || errno != ENOSPC || (bound = shmall_raise(size)) == 0)
        return id;
    id = shmget(key, size, flags);
    shmall_restore(bound);
    return id;
}

START_TEST(test_size_exact)
{
    const size_t sizes[] = { 1000, 1, MIB, 4097 };
    const size_t huge = ((size_t) 5 << 30) + 7;     /* beyond 32 bits */
    int ids[4];
    struct subject *s;

    for (int i = 0; i < 4; i++)
        ids[i] = make_segment(test_key(i + 1), sizes[i], 0444);
    /* Where the kernel refuses 5 GiB all the same, that size is not tried. */
    int huge_id = make_unreserved_segment(test_key(5), huge, 0444);
    s = subject_start();
    for (int i = 0; i < 4; i++)
        size_ok(s, ids[i], sizes[i]);
    if (huge_id != -1)
        size_ok(s, huge_id, huge);
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

/* Coverage map: each clause of the contract (docs/labs.md, "Rules for every
 * lab" and "02-reopen") and the tests that check it.
 *
 * Rules for every lab
 *   errno is the failing call's, nothing overwrites it
 *       seg_reopen: 2.2 (ENOENT), 2.5, 2.6, 2.13 (EACCES)
 *       seg_size: 2.8 (EINVAL), 2.9 (EACCES)
 *   id 0 is a good id                  seg_reopen: 2.1 (finds segment 0);
 *                                      seg_size: 2.7 (segment 0)
 *   a mode is mode & 0777              2.3 (every bit above 0777 set: a negative
 *                                      int; 01600 creates nothing and fails with
 *                                      ENOENT; 0100600 finds the segment)
 *   prints nothing                     both, success and failure paths: 2.11; under
 *                                      shmsize: 2.10 (one line on stderr)
 *   never ends the process             every call (require_returned): all tests
 * seg_reopen
 *   finds the segment the key has      2.1 (another user's segment, ids 0 and 1)
 *   asks for mode & 0777               2.5 (0600 refused on 0444; 0400, 0444 granted),
 *                                      2.6 (0: no check, even on mode 0)
 *   the kernel checks the caller's own class against the merged digits
 *                                      2.13 (other, owner and group classes, for
 *                                      seg_reopen and seg_size; needs a second user)
 *   never makes a segment              2.2 (an unknown key; IPC_PRIVATE), 2.3, 2.11
 *   whatever the segment's size        2.4 (1 byte, 1 MiB)
 *   -1 and ENOENT for no segment       2.2
 *   -1 and EACCES, access not granted  2.5, 2.6, 2.13
 * seg_size
 *   shm_segsz as recorded              2.7 (1, 1000, 4097, 1 MiB; 5 GiB + 7, beyond
 *                                      32 bits, unless the kernel refuses the test
 *                                      a segment that large)
 *   -1 and EINVAL, no segment          2.8 (id -1; a removed segment)
 *   -1 and EACCES, may not read        2.9 (mode 0222), 2.11 (mode 0), 2.13 (the
 *                                      owner of a mode 0006 segment)
 * Memory errors and leaks: 2.12 (valgrind, on 2.11's calls).
 */
static const struct graded_test tests[] = {
    GRADED(test_reopen_finds_segment,  "2.1",  2, "seg_reopen finds the segment another process made for the key", 0),
    GRADED(test_reopen_never_creates,  "2.2",  1, "seg_reopen fails with ENOENT and creates nothing for an unknown key", 0),
    GRADED(test_reopen_mode_masked,    "2.3",  1, "seg_reopen uses only mode & 0777 (01600 is 0600)", 0),
    GRADED(test_reopen_any_size,       "2.4",  1, "seg_reopen works whatever the segment's size (1 byte, 1 MiB)", 0),
    GRADED(test_reopen_access_denied,  "2.5",  1, "seg_reopen fails with EACCES when mode asks for more than granted", 0),
    GRADED(test_reopen_mode_zero,      "2.6",  1, "seg_reopen with mode 0 checks no access", 0),
    GRADED(test_size_exact,            "2.7",  2, "seg_size returns the exact size the kernel recorded", 0),
    GRADED(test_size_bad_id,           "2.8",  1, "seg_size fails with EINVAL for a bad or removed id", 0),
    GRADED(test_size_access_denied,    "2.9",  1, "seg_size fails with EACCES without read permission", 0),
    GRADED(test_shmsize_program,       "2.10", 1, "shmsize shows a segment's size from the command line", 0),
    GRADED(test_reopen_hygiene,        "2.11", 1, "no segment made by reopening or asking the size, and nothing printed", 0),
    GRADED(test_reopen_memcheck,       "2.12", 1, "no memory errors (valgrind)", GT_SLOW),
    GRADED(test_reopen_callers_class,  "2.13", 1, "the caller's own class (owner, group, other) decides what it is granted", GT_OTHER_USER),
};

JUDGE_MAIN("02-reopen", tests)
