/*
 * detach_tests.c: the graded tests of lab 04-detach.
 *
 * Student code runs in subjects; these tests judge the kernel's own count
 * (shm_nattch through IPC_STAT), the subject's address space (a read after
 * shmdt must kill it with SIGSEGV) and the errno of every failure. Attaching
 * belongs to lab 03, so the subjects attach with plain shmat (kit_shmat).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "judge.h"
#include "detach_calls.h"

enum { SEG_SIZE = 1000 };      /* not a page size: tells shm_segsz from a count */

/* What ENOSYS, the untouched skeleton's errno, means. */
static const char skeleton_hint[] = "ENOSYS is the skeleton's answer: write this function";

/* ---- the kernel's view ------------------------------------------------ */

/* The kernel's attach count of shmid; fails the test when it is gone. */
static int kernel_nattch(int shmid)
{
    return (int) stat_segment(shmid).shm_nattch;
}

/* A segment of the test's own that every subject may attach (0666). */
static int shared_segment(int n)
{
    return make_segment(test_key(n), SEG_SIZE, 0666);
}

/* ---- asking subjects --------------------------------------------------- */

/* A segment of key test_key(n) and permission bits `mode` that s owns
 * (plain shmget, lab 01's job): s could remove it. */
static int own_segment(struct subject *s, int n, int mode)
{
    struct outcome o = CALL(s, kit_shmget, test_key(n), SEG_SIZE, mode);
    require_returned(&o);
    ck_assert_msg(o.ret != -1, "test bug: shmget failed in the subject: %s", errname(o.err));
    return (int) o.ret;
}

/* Attaches shmid in s with plain shmat and `flags` (0 or SHM_RDONLY; lab
 * 03's job, not judged here). Returns the address. */
static int64_t attach_with(struct subject *s, int shmid, int flags)
{
    struct outcome o = CALL(s, kit_shmat, shmid, flags);
    require_returned(&o);
    ck_assert_msg(o.ret != -1, "test bug: shmat of segment %d failed in the subject: %s",
                  shmid, errname(o.err));
    return o.ret;
}

/* Attaches shmid in s for reading and writing. Returns the address. */
static int64_t attach(struct subject *s, int shmid)
{
    return attach_with(s, shmid, 0);
}

/* Fails the test unless `o`, the outcome of `call`, is -1 with errno `want`,
 * which `syscall` sets when it fails (require_failed, with this lab's hint
 * for a wrong errno). */
static void require_errno_of(const struct outcome *o, const char *call, int want,
                             const char *syscall)
{
    require_failed(o, call, want, syscall,
                   o->err == ENOSYS ? skeleton_hint
                   : fmt("was errno changed after %s failed, by your code or by a later "
                         "call that failed? (errno is kept only until the next call that "
                         "fails)", syscall));
}

/* Calls seg_detach(addr) in s, which must succeed: return 0. */
static void detach_ok(struct subject *s, int64_t addr)
{
    struct outcome o = CALL(s, seg_detach, addr);
    /* The address was attached, so only a write (a read-only attachment) or
     * a touch after shmdt (unmapped then) can fault there. */
    ck_assert_msg(o.returned || strstr(o.how, "SIGSEGV") == NULL,
                  "seg_detach(%#llx), the start of an attached segment, did not return: "
                  "%s. Did it write through addr (a read-only attachment cannot be written) "
                  "or touch the memory after shmdt (it is unmapped then)? Detaching only "
                  "hands addr to shmdt", (long long) addr, o.how);
    require_returned(&o);
    ck_assert_msg(o.ret == 0,
                  "seg_detach(%#llx), the start of an attached segment, returned %lld "
                  "(errno %s); expected 0: %s",
                  (long long) addr, (long long) o.ret, errname(o.err),
                  o.err == EINVAL ? "shmdt refused the address it got; pass it addr "
                                    "itself (not &addr, not a pointer moved from it)"
                  : o.err == ENOSYS ? skeleton_hint
                                    : "seg_detach reports shmdt's success as 0 (shmdt(2); "
                                      "the README, \"Detaching\")");
}

/* Calls seg_detach(addr) in s, which must fail with EINVAL; `what` names addr. */
static void detach_fails(struct subject *s, int64_t addr, const char *what)
{
    struct outcome o = CALL(s, seg_detach, addr);
    require_returned(&o);
    ck_assert_msg(o.ret == -1,
                  "seg_detach(%s) returned %lld (errno %s); expected -1 with errno EINVAL: "
                  "%s", what, (long long) o.ret, errname(o.err),
                  o.err == EINVAL ? "shmdt refused the address as it should, and its "
                                    "failure turned into a success value?"
                                  : "shmdt refuses that address, and seg_detach must pass "
                                    "its failure on, not report success (shmdt(2))");
    require_errno_of(&o, fmt("seg_detach(%s)", what), EINVAL, "shmdt");
}

/* Why seg_nattch(shmid) may have returned `got` (errno `err`) where the
 * kernel counts `want`. */
static const char *nattch_hint(int shmid, int64_t got, int err, int want,
                               const struct shmid_ds *ds)
{
    if (got == want + 1)
        return "one more than the kernel counts: does seg_nattch attach the segment "
               "itself? IPC_STAT reads the count without attaching (shmctl(2))";
    if (got == (int64_t) ds->shm_segsz)
        return "that is the segment's size (shm_segsz); the count is another field of "
               "struct shmid_ds (shmctl(2))";
    if (got == ds->shm_cpid || got == ds->shm_lpid)
        return "that is a process id (shm_cpid or shm_lpid); the count is another field "
               "of struct shmid_ds (shmctl(2))";
    if (got == -1 && err == ENOSYS)
        return skeleton_hint;
    if (got == -1 && shmid == 0 && (err == EINVAL || err == 0))
        return "shmid 0 is a valid id (the first segment of a system gets it): only -1 "
               "means failure, never test id <= 0";
    if (got == -1)
        return "-1 means failure, yet IPC_STAT works on this segment";
    return "the count is a field of the record that IPC_STAT copies out (shmctl(2), "
           "struct shmid_ds; the README, \"Counting\")";
}

/* Judges a seg_nattch(shmid) outcome against the kernel's count now. */
static void judge_nattch(const struct outcome *o, int shmid, const char *when)
{
    require_returned(o);
    struct shmid_ds ds = stat_segment(shmid);
    ck_assert_msg(o->ret == (int64_t) ds.shm_nattch,
                  "seg_nattch(%d) %s returned %lld (errno %s) but the kernel counts %d "
                  "attachment(s): %s",
                  shmid, when, (long long) o->ret, errname(o->err), (int) ds.shm_nattch,
                  nattch_hint(shmid, o->ret, o->err, (int) ds.shm_nattch, &ds));
}

/* Calls seg_nattch(shmid) in s; it must return the kernel's count. */
static void nattch_is_kernel(struct subject *s, int shmid, const char *when)
{
    struct outcome o = CALL(s, seg_nattch, shmid);
    judge_nattch(&o, shmid, when);
}

/* Calls seg_nattch(shmid) in s, which must fail with `err`; `what` names shmid. */
static void nattch_fails(struct subject *s, int shmid, int err, const char *what)
{
    struct outcome o = CALL(s, seg_nattch, shmid);
    const char *call = fmt("seg_nattch(%d) for %s", shmid, what);

    require_returned(&o);
    ck_assert_msg(o.ret == -1,
                  "%s returned %lld (errno %s); expected -1 with errno %s: %swhen IPC_STAT "
                  "fails there is no count to report, so report the failure (a count of 0 "
                  "would be a lie)", call, (long long) o.ret, errname(o.err), errname(err),
                  o.err == err ? "shmctl failed as it should, and its failure turned into "
                                 "a success value? " : "");
    require_errno_of(&o, call, err, "shmctl");
}

/* seg_nattch of a segment s owns with mode 0044: group and others may read
 * it, its owner may not, for the kernel checks the caller's own class only.
 * IPC_STAT fails there with EACCES, and that failure must reach the caller
 * as it is. (labs.md does not say where the count comes from, so the true
 * count, 0, is accepted too.) */
static void nattch_unreadable(struct subject *s)
{
    int id = own_segment(s, 3, 0044);
    struct outcome o = CALL(s, seg_nattch, id);
    const char *call = fmt("seg_nattch(%d) of the caller's own segment with mode 0044 "
                           "(no read permission for its owner)", id);

    require_returned(&o);
    if (o.ret == kernel_nattch(id))
        return;
    ck_assert_msg(o.ret == -1,
                  "%s returned %lld (errno %s); expected -1 with errno EACCES (IPC_STAT "
                  "refuses the owner here: the kernel checks the caller's own class of the "
                  "mode, and the owner's has no read bit): %s", call, (long long) o.ret,
                  errname(o.err), o.err == EACCES ? "a failure turned into a success value?"
                                                  : "that is not the kernel's count either");
    ck_assert_msg(o.err != EINVAL,
                  "%s returned -1 with errno EINVAL, expected EACCES: IPC_STAT fails here "
                  "with EACCES, not EINVAL (the owner's class has no read bit). Was errno "
                  "set by your code after shmctl failed (errno = EINVAL)? Leave errno as "
                  "the failing call set it", call);
    require_errno_of(&o, call, EACCES, "shmctl");
}

/* ---- seg_detach --------------------------------------------------------- */

START_TEST(test_detach_drops_nattch)
{
    int id = shared_segment(1);
    struct subject *s = subject_start();
    /* a read-only attachment is one too: seg_detach must not write through addr */
    int64_t first = attach(s, id), second = attach_with(s, id, SHM_RDONLY);

    ck_assert_msg(kernel_nattch(id) == 2, "test bug: two shmat calls did not count");
    detach_ok(s, first);
    ck_assert_msg(kernel_nattch(id) == 1,
                  "after seg_detach of one of two attachments the kernel still counts %d; "
                  "expected 1: seg_detach must detach now, with shmdt(2) (detaching at "
                  "exit is automatic, but seg_detach is asked to do it now)",
                  kernel_nattch(id));
    detach_ok(s, second);
    ck_assert_msg(kernel_nattch(id) == 0,
                  "after seg_detach of both attachments (the second one read-only) the "
                  "kernel still counts %d; expected 0: seg_detach must hand shmdt the very "
                  "address it got", kernel_nattch(id));
}
END_TEST

START_TEST(test_detach_bad_address)
{
    char what[96];
    int id = make_segment(test_key(1), 2 * 4096, 0666);
    struct subject *s = subject_start();
    int64_t gone = attach(s, id), addr = attach(s, id);

    detach_ok(s, gone);
    detach_fails(s, 0, "NULL");
    snprintf(what, sizeof what, "%#llx, an address detached before", (long long) gone);
    detach_fails(s, gone, what);
    snprintf(what, sizeof what, "%#llx, 16 bytes into an attached segment",
             (long long) (addr + 16));
    detach_fails(s, addr + 16, what);
    snprintf(what, sizeof what, "%#llx, the second page of an attached segment",
             (long long) (addr + 4096));
    detach_fails(s, addr + 4096, what);
    ck_assert_msg(kernel_nattch(id) == 1,
                  "failed detaches changed the kernel's count to %d; expected the one "
                  "attachment left", kernel_nattch(id));
}
END_TEST

START_TEST(test_detach_keeps_segment)
{
    struct shmid_ds ds;
    struct subject *s = subject_start();
    int id = own_segment(s, 1, 0600);   /* it could remove it, and must not */

    detach_ok(s, attach(s, id));
    ck_assert_msg(segment_stat(id, &ds),
                  "after seg_detach the segment no longer exists (%s): detaching must "
                  "never remove a segment; only shmctl IPC_RMID does that (lab 05)",
                  describe_ipc());
    ck_assert_msg(!(ds.shm_perm.mode & SHM_DEST) && ds.shm_perm.__key == test_key(1),
                  "after seg_detach the segment is marked for removal (mode %s, key "
                  "%#x): detaching must never remove a segment; leave IPC_RMID to lab 05",
                  octal(ds.shm_perm.mode), (unsigned) ds.shm_perm.__key);
    ck_assert_msg(ds.shm_nattch == 0,
                  "after seg_detach the kernel counts %d attachment(s); expected 0",
                  (int) ds.shm_nattch);
    ck_assert_msg(shmget(test_key(1), 0, 0) == id,
                  "after seg_detach the key no longer finds the segment: detaching "
                  "must leave it for others to reopen");
}
END_TEST

START_TEST(test_detach_unmaps)
{
    int id = shared_segment(1);
    struct subject *s = subject_start();
    int64_t addr = attach(s, id);

    struct outcome o = COMMON(s, OP_POKE, addr, 'x');
    require_returned(&o);
    detach_ok(s, addr);
    o = COMMON(s, OP_PEEK, addr);
    ck_assert_msg(o.returned == false,
                  "after seg_detach(%#llx) the subject could still read that address "
                  "(it read '%c'): the segment is still mapped there; only shmdt(2) "
                  "unmaps it", (long long) addr, (int) o.ret);
    ck_assert_msg(strstr(o.how, "SIGSEGV") != NULL,
                  "reading a detached address should kill the process with SIGSEGV; "
                  "instead %s", o.how);
}
END_TEST

/* ---- seg_nattch --------------------------------------------------------- */

START_TEST(test_nattch_counts)
{
    int id = shared_segment(1);
    struct subject *a = subject_start(), *b = subject_start();

    nattch_is_kernel(b, id, "for a segment nobody has attached");
    attach(a, id);
    attach(a, id);
    attach(b, id);
    nattch_is_kernel(b, id, "with two attachments in one process and one in another");
    nattch_is_kernel(a, id, "asked from the other process");
    subject_kill(a);
    ck_assert_msg(await_nattch(id, 1) == 1, "test bug: the killed process still counts");
    nattch_is_kernel(b, id, "after the process with two attachments was killed");
}
END_TEST

START_TEST(test_nattch_fork_exec_exit)
{
    int id = shared_segment(1);
    struct subject *s = subject_start(), *watcher = subject_start();

    attach(s, id);
    struct outcome o = COMMON(s, OP_FORK_HOLD, 0);
    require_returned(&o);
    ck_assert_msg(o.ret > 0, "test bug: fork failed in the subject: %s", errname(o.err));
    pid_t child = (pid_t) o.ret;
    ck_assert_msg(await_nattch(id, 2) == 2, "test bug: fork did not count");
    nattch_is_kernel(s, id, "after fork (the child inherits the attachment)");

    kill(child, SIGKILL);
    ck_assert_msg(await_nattch(id, 1) == 1, "test bug: the killed child still counts");
    nattch_is_kernel(s, id, "after the forked child was killed (its attachment went with it)");

    o = COMMON(s, OP_EXEC_SELF, 0);
    require_returned(&o);
    ck_assert_msg(await_nattch(id, 0) == 0, "test bug: exec kept the attachment");
    nattch_is_kernel(s, id, "after exec (a new program starts with no attachment)");

    attach(s, id);
    nattch_is_kernel(watcher, id, "with one attachment");
    subject_finish(s);
    ck_assert_msg(await_nattch(id, 0) == 0, "test bug: exit kept the attachment");
    nattch_is_kernel(watcher, id, "after the attached process exited (exit detaches)");
}
END_TEST

START_TEST(test_nattch_bad_id)
{
    struct subject *s = subject_start();
    int id = shared_segment(1);

    ck_assert_msg(shmctl(id, IPC_RMID, NULL) == 0, "test bug: IPC_RMID failed");
    nattch_fails(s, -1, EINVAL, "the id -1");
    nattch_fails(s, id, EINVAL, "a segment removed before");
    nattch_fails(s, 4242, EINVAL, "an id no segment ever had");
    nattch_fails(s, INT_MAX, EINVAL, "the largest int, an id no segment has");
    nattch_fails(s, INT_MIN, EINVAL, "the smallest int");
    nattch_unreadable(s);
}
END_TEST

START_TEST(test_nattch_id_zero)
{
    int id = shared_segment(1);
    struct subject *s = subject_start();

    ck_assert_msg(id == 0, "test bug: the first segment got id %d, not 0", id);
    attach(s, id);
    struct outcome o = CALL(s, seg_nattch, 0);
    require_returned(&o);
    ck_assert_msg(o.ret != -1 || o.err == ENOSYS,
                  "seg_nattch(0) with one attachment returned -1 (errno %s); expected 1: "
                  "shmid 0 is a valid id (the first segment of a system gets it), only -1 "
                  "means failure; do not test id <= 0", errname(o.err));
    judge_nattch(&o, id, "with one attachment");
}
END_TEST

/* ---- the program ---------------------------------------------------------- */

/* The counts a shmattach run printed ("nattch N" lines), up to max. */
static int printed_counts(const char *out, int counts[], int max)
{
    int n = 0;
    for (const char *p = strstr(out, "nattch "); p && n < max; p = strstr(p + 1, "nattch "))
        if (sscanf(p, "nattch %d", &counts[n]) == 1)
            n++;
    return n;
}

/* Runs shmattach with args; it must succeed and print nattch 2, then 1. */
static void shmattach_counts(const char *const argv[], const char *input, const char *how)
{
    int counts[2];
    struct program_result r = run_program(argv, input, 3000);

    require_program_ok(&r, fmt("shmattach %s", how));
    ck_assert_msg(printed_counts(r.out, counts, 2) == 2 && counts[0] == 2 && counts[1] == 1,
                  "`shmattach %s`, with one other process attached, should print nattch 2 "
                  "while attached and nattch 1 after seg_detach; it printed: %s",
                  how, one_line(r.out));
}

START_TEST(test_shmattach_program)
{
    const char *path = key_file("demo");
    key_t key = ftok(path, 1);
    int id = make_segment(key, SEG_SIZE, 0666);
    struct subject *holder = subject_start();

    attach(holder, id);
    shmattach_counts((const char *const[]){ "shmattach", path, NULL }, NULL, "KEYFILE");
    shmattach_counts((const char *const[]){ "shmattach", "--hold", path, NULL }, "\n",
                     "--hold KEYFILE");
    ck_assert_msg(kernel_nattch(id) == 1,
                  "after shmattach ended the kernel counts %d attachments; expected 1 "
                  "(the other process's)", kernel_nattch(id));

    struct program_result r = run_program(
        (const char *const[]){ "shmattach", key_file("nothing"), NULL }, NULL, 3000);
    require_program_error(&r, "shmattach KEYFILE (a key without a segment)", strerror(ENOENT));
}
END_TEST

/* ---- hygiene and memory ------------------------------------------------- */

/* seg_detach and seg_nattch on their success and failure paths in s, on
 * `mine` (a segment s made) and `theirs` (the test's). Other tests judge
 * these calls; here a wrong result only says that the rest was not reached. */
static void detach_scenario(struct subject *s, int mine, int theirs)
{
    int64_t a = attach(s, mine), b = attach(s, theirs);
    struct outcome o;

    o = CALL(s, seg_nattch, mine);
    require_step(&o, fmt("seg_nattch(%d)", mine), o.ret == 1, "1", "4.5");
    o = CALL(s, seg_detach, a);
    require_step(&o, fmt("seg_detach(%#llx)", (long long) a), o.ret == 0, "0", "4.1");
    o = CALL(s, seg_detach, b);
    require_step(&o, fmt("seg_detach(%#llx)", (long long) b), o.ret == 0, "0", "4.1");
    o = CALL(s, seg_nattch, theirs);
    require_step(&o, fmt("seg_nattch(%d)", theirs), o.ret == 0, "0", "4.5");
    o = CALL(s, seg_detach, a);
    require_step_failure(&o, fmt("seg_detach(%#llx), detached before", (long long) a),
                         EINVAL, "4.2");
    o = CALL(s, seg_nattch, 4242);
    require_step_failure(&o, "seg_nattch(4242), an id no segment ever had", EINVAL, "4.7");
}

START_TEST(test_detach_hygiene)
{
    struct subject *s = subject_start();

    detach_scenario(s, own_segment(s, 1, 0600), shared_segment(2));
    ck_assert_msg(count_segments() == 2,
                  "after attaching and detaching 2 segments there should still be 2 "
                  "(seg_detach and seg_nattch neither make nor remove any), but now "
                  "there are: %s", describe_ipc());
    require_printed_nothing(s, "seg_detach and seg_nattch");
}
END_TEST

START_TEST(test_detach_memcheck)
{
    int theirs = shared_segment(1);
    struct subject *s = subject_start_memcheck();

    detach_scenario(s, own_segment(s, 2, 0600), theirs);
    require_no_memory_errors(s, NULL);
}
END_TEST

/*
 * Coverage map: each clause of the contract (docs/labs.md, "Rules for every
 * lab" and "04-detach") and the tests that check it; H1-H4 are the hidden
 * tests (hidden/detach_hidden.c). What no test can check is in the README,
 * "What the tests cannot check".
 *
 * Rules for every lab
 *   errno is the failing call's     seg_detach: 4.2 (four addresses, EINVAL)
 *                                   seg_nattch: 4.7 (five ids, EINVAL; an
 *                                   unreadable segment, EACCES); H4
 *   a -1 without errno (a guard, or errno reset): 4.2, 4.7, named as such
 *   id 0 is a good id               seg_nattch: 4.8, and 4.5 (its segment
 *                                   is the namespace's first: id 0)
 *                                   seg_detach takes no id
 *   a mode is nine bits             no function of this lab takes a mode
 *   prints nothing                  both functions, on success and on
 *                                   failure: 4.10 (stdout and stderr)
 *   never ends the process          every call of every test returns
 *                                   (require_returned)
 *
 * seg_detach(addr)
 *   unmaps the mapping at addr      4.4 (reading it then is SIGSEGV)
 *   any attachment, read-only too   4.1 (the second is SHM_RDONLY)
 *   returns 0                       4.1, 4.3, 4.4
 *   one attachment per call         4.1 (2, 1, 0); H1 (ten of 5 MiB)
 *   -1 and EINVAL for NULL          4.2
 *     an address detached before    4.2
 *     any other pointer             4.2 (addr + 16, addr + 4096); H2 (a last
 *                                   page, a last byte, (void *) 1)
 *   a failed call changes nothing   4.2 (the count stays 1); H2
 *   never removes a segment         4.3 (the subject's own, which it could
 *                                   remove: still there, unmarked, its key)
 *
 * seg_nattch(shmid)
 *   the kernel's count, once per    4.5 (0; two in one process and one in
 *   mapping, in every process       another; after a kill); H3 (nine in three)
 *   fork, exec and exit             4.6
 *   does not attach to count        4.5 ("one more than the kernel counts")
 *   -1 and EINVAL for -1, INT_MAX,  4.7
 *   INT_MIN, a removed id and an
 *   id no segment ever had
 *   read permission of the caller's 4.7 (owner of mode 0044: EACCES, or the
 *   own class (IPC_STAT)            true count); H4 (another user, mode 0)
 *   shmid 0                         4.8
 *
 * The program shmattach, end to end: 4.9. Memory (no error, no leak,
 * valgrind): 4.11.
 */
static const struct graded_test tests[] = {
    GRADED(test_detach_drops_nattch,   "4.1",  2, "seg_detach returns 0 and the attach count drops by one", 0),
    GRADED(test_detach_bad_address,    "4.2",  1, "seg_detach fails with EINVAL for NULL, a detached or a middle address", 0),
    GRADED(test_detach_keeps_segment,  "4.3",  1, "detaching never removes the segment", 0),
    GRADED(test_detach_unmaps,         "4.4",  2, "after seg_detach the old address is gone (SIGSEGV)", 0),
    GRADED(test_nattch_counts,         "4.5",  2, "seg_nattch counts the attachments of every process", 0),
    GRADED(test_nattch_fork_exec_exit, "4.6",  2, "fork inherits attachments, exec and exit drop them", 0),
    GRADED(test_nattch_bad_id,         "4.7",  1, "seg_nattch fails with -1 and shmctl's errno: EINVAL, EACCES", 0),
    GRADED(test_nattch_id_zero,        "4.8",  1, "seg_nattch works on shmid 0", 0),
    GRADED(test_shmattach_program,     "4.9",  1, "shmattach shows the count change end to end", 0),
    GRADED(test_detach_hygiene,        "4.10", 1, "makes and removes no segment, prints nothing", 0),
    GRADED(test_detach_memcheck,       "4.11", 1, "no memory errors under valgrind", GT_SLOW),
};

JUDGE_MAIN("04-detach", tests)
