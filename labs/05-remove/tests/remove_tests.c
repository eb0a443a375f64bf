/*
 * remove_tests.c: the graded tests of lab 05-remove.
 *
 * Student code runs in subjects; these tests judge what the kernel did: the
 * segment gone (IPC_STAT fails with EINVAL), or marked (SHM_DEST in its mode,
 * its key reset to IPC_PRIVATE) and still usable by the processes attached to
 * it until the last one lets go. Creating, attaching and detaching belong to
 * earlier labs: subjects do them with plain system calls (kit_shmget ...), so
 * a segment is the subject's own and it may remove it.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "judge.h"
#include "remove_calls.h"

enum { SEG_SIZE = 4096 };

/* What ENOSYS, the untouched skeleton's errno, means. */
static const char skeleton_hint[] = "ENOSYS is the skeleton's answer: write this function";

static const char id_zero_hint[] =
    "shmid 0 is a valid id (the first segment of a system gets it): only -1 means "
    "failure, never test id <= 0";

/* IPC_RMID checks ownership only and never fails with EACCES: that errno
 * comes from another call, one that checks the permission bits. */
static const char eacces_hint[] =
    "IPC_RMID never fails with EACCES (it checks who owns the segment, not its "
    "permission bits), so another call refused: looking at the segment first (IPC_STAT, "
    "shmat) needs read permission, which mode 0 denies even to the owner";

/* What a -1 from a call that should have worked probably means. */
static const char *failure_hint(int err, int shmid, const char *otherwise)
{
    if (err == ENOSYS)
        return skeleton_hint;
    /* an `id <= 0` check sets EINVAL, or nothing */
    return shmid == 0 && (err == EINVAL || err == 0) ? id_zero_hint : otherwise;
}

/* ---- the kernel's view ------------------------------------------------ */

/* After `what`, the kernel must count `want` attachments of shmid. */
static void require_nattch(int shmid, int want, const char *what)
{
    int n = await_nattch(shmid, want);
    ck_assert_msg(n == want, "after %s the kernel counts %d attachments of segment %d; "
                  "expected %d", what, n, shmid, want);
}

/* After `what`, shmid must be destroyed: IPC_STAT fails with EINVAL. */
static void require_destroyed(int shmid, const char *what)
{
    struct shmid_ds ds;

    if (!segment_stat(shmid, &ds))
        return;
    ck_abort_msg("after %s, segment %d still exists (nattch %d, %s): %s", what, shmid,
                 (int) ds.shm_nattch,
                 (ds.shm_perm.mode & SHM_DEST) ? "marked for removal" : "not marked for removal",
                 (ds.shm_perm.mode & SHM_DEST)
                     ? "the kernel should have destroyed it with its last attachment"
                     : "removing is shmctl's IPC_RMID command (shmctl(2); the README, "
                       "\"Removing\"); shmdt only detaches, it never removes");
}

/* After `what` while attached, shmid must exist, marked, under IPC_PRIVATE. */
static void require_marked(int shmid, const char *what)
{
    struct shmid_ds ds;

    ck_assert_msg(segment_stat(shmid, &ds),
                  "after %s, segment %d is gone although a process still has it attached: "
                  "the kernel defers removal until the last detach (%s)",
                  what, shmid, describe_ipc());
    ck_assert_msg(ds.shm_perm.mode & SHM_DEST,
                  "after %s, segment %d (attached %d times) is not marked for removal "
                  "(mode %s has no SHM_DEST): IPC_RMID marks a segment even while it is "
                  "attached (shmctl(2); the README, \"Not really gone\")",
                  what, shmid, (int) ds.shm_nattch, octal(ds.shm_perm.mode));
    ck_assert_msg(ds.shm_perm.__key == IPC_PRIVATE,
                  "after %s, segment %d still has key %#x; expected IPC_PRIVATE (0): a "
                  "segment marked for removal can no longer be found by its key",
                  what, shmid, (unsigned) ds.shm_perm.__key);
}

/* shmid must exist, unmarked: a failed removal changes nothing. */
static void require_untouched(int shmid, const char *what)
{
    struct shmid_ds ds;

    ck_assert_msg(segment_stat(shmid, &ds) && !(ds.shm_perm.mode & SHM_DEST),
                  "after %s, segment %d is gone or marked for removal (%s): a call "
                  "that fails must change nothing", what, shmid, describe_ipc());
}

/* ---- asking subjects --------------------------------------------------- */

/* Makes a segment for key that s owns, with plain shmget (lab 01's job). */
static int own_segment(struct subject *s, key_t key, size_t size, int mode)
{
    struct outcome o = CALL(s, kit_shmget, key, (int64_t) size, mode);
    require_returned(&o);
    ck_assert_msg(o.ret != -1, "test bug: shmget failed in the subject: %s", errname(o.err));
    return (int) o.ret;
}

/* Attaches shmid in s with plain shmat (lab 03's job). */
static int64_t attach(struct subject *s, int shmid)
{
    struct outcome o = CALL(s, kit_shmat, shmid);
    require_returned(&o);
    ck_assert_msg(o.ret != -1, "test bug: shmat of segment %d failed in the subject: %s",
                  shmid, errname(o.err));
    return o.ret;
}

/* Detaches addr in s with plain shmdt (lab 04's job). */
static void detach(struct subject *s, int64_t addr)
{
    struct outcome o = CALL(s, kit_shmdt, addr);
    require_returned(&o);
    ck_assert_msg(o.ret == 0, "test bug: shmdt failed in the subject: %s", errname(o.err));
}

/* The call must have returned 0. `call` describes it, `hint` says why it
 * should have worked. */
static void require_zero(const struct outcome *o, const char *call, const char *hint)
{
    require_returned(o);
    ck_assert_msg(o->ret == 0, "%s returned %lld (errno %s); expected 0: %s",
                  call, (long long) o->ret, errname(o->err), hint);
}

/* The call must have returned -1 with errno `err`, which `syscall` sets
 * when it fails. `zero_hint` says what a return of 0 (or another value)
 * probably means; -1 with a wrong errno or none is described from what was
 * seen (judge.h's require_failed). */
static void require_error(const struct outcome *o, int err, const char *call,
                          const char *syscall, const char *zero_hint)
{
    require_returned(o);
    ck_assert_msg(o->ret == -1, "%s returned %lld (errno %s); expected -1 with errno %s: %s%s",
                  call, (long long) o->ret, errname(o->err), errname(err),
                  o->err == err ? "the system call failed as it should, and its failure "
                                  "turned into a success value? " : "", zero_hint);
    require_failed(o, call, err, syscall,
                   o->err == ENOSYS ? skeleton_hint
                   : fmt("was errno changed after %s failed, by your code or by a later "
                         "call that failed?", syscall));
}

/* Calls seg_remove(shmid) in s, which must return 0. */
static void remove_ok(struct subject *s, int shmid, const char *what)
{
    char call[128];
    struct outcome o = CALL(s, seg_remove, shmid);

    snprintf(call, sizeof call, "seg_remove(%d) of %s", shmid, what);
    require_zero(&o, call, o.err == EACCES ? eacces_hint : failure_hint(o.err, shmid,
                 "the owner may remove a segment at any time, attached or not "
                 "(shmctl(2), IPC_RMID)"));
}

/* Calls seg_removal_pending(shmid) in s, which must return exactly want. */
static void pending_is(struct subject *s, int shmid, int want, const char *what)
{
    struct outcome o = CALL(s, seg_removal_pending, shmid);
    const char *hint;

    require_returned(&o);
    if (o.ret == SHM_DEST)
        hint = "that is the SHM_DEST bit itself (01000); the function answers a yes/no "
               "question with exactly 1 or 0";
    else if (o.ret == -1)
        hint = failure_hint(o.err, shmid, "the segment exists, so IPC_STAT works on it");
    else if (want == 0)
        hint = "pending means SHM_DEST is set in shm_perm.mode, and this segment was "
               "never marked for removal (being attached is not being marked)";
    else
        hint = "the segment was marked for removal (IPC_RMID) and is still attached, "
               "so SHM_DEST is set in the mode that IPC_STAT reports";
    ck_assert_msg(o.ret == want,
                  "seg_removal_pending(%d) for %s returned %lld (errno %s); expected "
                  "exactly %d: %s",
                  shmid, what, (long long) o.ret, errname(o.err), want, hint);
}

/* ---- seg_remove ---------------------------------------------------------- */

START_TEST(test_remove_unattached)
{
    struct subject *s = subject_start();
    int id = own_segment(s, test_key(1), SEG_SIZE, 0600);

    ck_assert_msg(id == 0, "test bug: the first segment got id %d, not 0", id);

    remove_ok(s, id, "a segment nobody has attached");
    require_destroyed(id, "seg_remove of an unattached segment");
    ck_assert_msg(shmget(test_key(1), 0, 0) == -1 && errno == ENOENT,
                  "after seg_remove its key still finds a segment (%s)", describe_ipc());
}
END_TEST

START_TEST(test_remove_deferred)
{
    static const char text[] = "still here";
    struct subject *s = subject_start();
    int id = own_segment(s, test_key(1), SEG_SIZE, 0600);
    int64_t addr = attach(s, id);

    remove_ok(s, id, "a segment the caller has attached");
    require_marked(id, "seg_remove of an attached segment");
    ck_assert_msg(shmget(test_key(1), 0, 0) == -1 && errno == ENOENT,
                  "after seg_remove the old key still finds a segment (%s)", describe_ipc());

    /* Marked, yet the attached process keeps using it as before. */
    struct outcome o = subject_call(s, OP_WRITE_MEM, "writing into the segment",
                     (const int64_t[RPC_ARGS]){ addr }, text, sizeof text);
    require_returned(&o);
    o = COMMON(s, OP_READ_MEM, addr, (int64_t) sizeof text);
    require_returned(&o);
    ck_assert_msg(memcmp(o.data, text, sizeof text) == 0,
                  "after seg_remove the attached process read back '%.*s', not what it "
                  "wrote ('%s')", (int) sizeof text, o.data, text);

    detach(s, addr);
    require_destroyed(id, "the last detach of a segment marked for removal");
}
END_TEST

START_TEST(test_remove_last_detach)
{
    struct subject *a = subject_start(), *b = subject_start();
    int id = own_segment(a, test_key(1), SEG_SIZE, 0600);
    int64_t addr = attach(a, id);

    attach(b, id);
    struct outcome o = COMMON(a, OP_FORK_HOLD, 0);
    require_returned(&o);
    ck_assert_msg(o.ret > 0, "test bug: fork failed in the subject: %s", errname(o.err));
    pid_t child = (pid_t) o.ret;
    require_nattch(id, 3, "two attaches and a fork");

    remove_ok(a, id, "a segment attached by three processes");
    detach(a, addr);
    require_nattch(id, 2, "seg_remove and one detach");
    require_marked(id, "seg_remove and one detach, with two attachments left");
    kill(child, SIGKILL);
    require_nattch(id, 1, "seg_remove, one detach and the end of the forked child");
    require_marked(id, "seg_remove and the end of a forked child, with one attachment left");
    subject_finish(b);
    await_destroyed(id);
    require_destroyed(id, "seg_remove and the exit of the last attached process");
}
END_TEST

START_TEST(test_remove_bad_id)
{
    struct subject *s = subject_start();
    int id = own_segment(s, test_key(1), SEG_SIZE, 0600);
    static const char hint[] =
        "shmctl IPC_RMID fails there with -1; check its result and return -1 too";

    ck_assert_msg(shmctl(id, IPC_RMID, NULL) == 0, "test bug: IPC_RMID failed");
    struct outcome o = CALL(s, seg_remove, -1);
    require_error(&o, EINVAL, "seg_remove(-1)", "shmctl", hint);
    o = CALL(s, seg_remove, id);
    require_error(&o, EINVAL, "seg_remove of a segment removed before", "shmctl", hint);
    o = CALL(s, seg_remove, 4242);
    require_error(&o, EINVAL, "seg_remove(4242), an id no segment ever had", "shmctl", hint);
    o = CALL(s, seg_remove, INT_MAX);
    require_error(&o, EINVAL, "seg_remove(INT_MAX), an id no segment has", "shmctl", hint);
    o = CALL(s, seg_remove, INT_MIN);
    require_error(&o, EINVAL, "seg_remove(INT_MIN)", "shmctl", hint);
}
END_TEST

START_TEST(test_remove_eperm)
{
    struct subject *s = subject_start();
    int id = make_segment(test_key(1), SEG_SIZE, 0666);
    static const char hint[] =
        "only the owner or creator may remove a segment (write permission is not "
        "enough); shmctl fails with EPERM and so must seg_remove";

    struct outcome o = CALL(s, seg_remove, id);
    require_error(&o, EPERM, "seg_remove of another user's segment", "shmctl", hint);
    require_untouched(id, "seg_remove of another user's segment");
    o = CALL(s, seg_remove_key, test_key(1));
    /* The key has a segment that everyone may read and write, so a lookup
     * asking for no more than read and write access finds it: ENOENT then
     * did not come from the lookup. */
    ck_assert_msg(!(o.returned && o.ret == -1 && o.err == ENOENT),
                  "seg_remove_key of another user's segment (mode 0666) returned -1 with "
                  "errno ENOENT, expected EPERM: the key has a segment that every user may "
                  "read and write, so the lookup finds it, and IPC_RMID refuses with EPERM. "
                  "Was errno set to ENOENT by your code after the removal failed? Leave "
                  "errno as the failing call set it");
    require_error(&o, EPERM, "seg_remove_key of another user's segment", "shmctl", hint);
    require_untouched(id, "seg_remove_key of another user's segment");
}
END_TEST

/* ---- seg_remove_key ------------------------------------------------------ */

START_TEST(test_remove_key)
{
    struct subject *s = subject_start();
    int big = own_segment(s, test_key(1), SEG_SIZE, 0600);
    int tiny = own_segment(s, test_key(2), 1, 0600);
    int held = own_segment(s, test_key(3), SEG_SIZE, 0600);

    struct outcome o = CALL(s, seg_remove_key, test_key(1));
    require_zero(&o, "seg_remove_key of a key with a 4096-byte segment",
                 "removing by key takes two steps: find the id that the key names, "
                 "without creating anything, then remove that id (the README, "
                 "\"Removing by key\")");
    require_destroyed(big, "seg_remove_key of its key");
    require_untouched(tiny, "seg_remove_key of another key");

    o = CALL(s, seg_remove_key, test_key(2));
    require_zero(&o, "seg_remove_key of a key with a 1-byte segment",
                 "shmget fails with EINVAL when asked for more bytes than the segment "
                 "has; look the segment up with size 0, which matches any size");
    require_destroyed(tiny, "seg_remove_key of its key");

    attach(s, held);
    o = CALL(s, seg_remove_key, test_key(3));
    require_zero(&o, "seg_remove_key of a key whose segment is attached",
                 "a segment may be removed while attached: the kernel defers it");
    require_marked(held, "seg_remove_key of an attached segment");
}
END_TEST

/* seg_remove_key(IPC_PRIVATE) with only segment `other` (of another key)
 * in the namespace: IPC_PRIVATE is no key one can look a segment up by, for
 * shmget makes a new segment for it, IPC_CREAT or not. So the call must fail
 * (with whatever errno shmget gives) and leave `other` alone and nothing new. */
static void private_key_removes_nothing(struct subject *s, int other)
{
    struct outcome o = CALL(s, seg_remove_key, IPC_PRIVATE);

    require_returned(&o);
    ck_assert_msg(o.ret == -1,
                  "seg_remove_key(IPC_PRIVATE) returned %lld (errno %s); expected -1 with "
                  "errno set: the only segment there has another key, yet %s. shmget makes a "
                  "new segment for IPC_PRIVATE even without IPC_CREAT, unless its size is 0 "
                  "(EINVAL): a lookup with a size above 0 made a segment, which was then "
                  "removed?", (long long) o.ret, errname(o.err),
                  o.ret == 0 ? "it says it removed one" : "that is no failure value");
    require_untouched(other, "seg_remove_key(IPC_PRIVATE)");
    ck_assert_msg(count_segments() == 1,
                  "seg_remove_key(IPC_PRIVATE) failed, and left a segment of its own: %s. It "
                  "must never create one: with IPC_PRIVATE, shmget makes a new segment "
                  "unless the size asked for is 0", describe_ipc());
}

START_TEST(test_remove_key_missing)
{
    struct subject *s = subject_start();
    static const char hint[] =
        "no segment exists for this key; did seg_remove_key create one (IPC_CREAT) "
        "just to remove it? A lookup that does not create fails with ENOENT (shmget(2))";

    struct outcome o = CALL(s, seg_remove_key, test_key(1));
    require_error(&o, ENOENT, "seg_remove_key of a key without a segment", "shmget",
                  hint);
    ck_assert_msg(count_segments() == 0,
                  "seg_remove_key of a key without a segment left a segment behind: %s. "
                  "It must never create one (no IPC_CREAT)", describe_ipc());
    int id = make_segment(test_key(2), SEG_SIZE, 0600);
    ck_assert_msg(id == 0,
                  "seg_remove_key of a key without a segment created a segment and "
                  "removed it again (the next new segment got id %d, not 0): it must "
                  "never create one, so its lookup has no IPC_CREAT", id);

    o = CALL(s, seg_remove_key, test_key(1));
    require_error(&o, ENOENT, "seg_remove_key of a key without a segment", "shmget",
                  hint);
    require_untouched(id, "seg_remove_key of another key");
    private_key_removes_nothing(s, id);
}
END_TEST

START_TEST(test_remove_key_no_access)
{
    struct subject *s = subject_start();
    int by_id = own_segment(s, test_key(2), SEG_SIZE, 0);
    int id = own_segment(s, test_key(1), SEG_SIZE, 0);

    remove_ok(s, by_id, "the caller's own segment with mode 0");
    require_destroyed(by_id, "seg_remove of the caller's own segment with mode 0");

    struct outcome o = CALL(s, seg_remove_key, test_key(1));
    require_zero(&o, "seg_remove_key of the caller's own segment with mode 0",
                 o.err == EACCES
                     ? "seg_remove removed such a segment a moment ago, so the refusal "
                       "came from the lookup: removing needs ownership, not read or write "
                       "permission, so do not ask for any access when looking it up, like "
                       "ipcrm -M (shmget(2): the mode bits of the flags are the access asked "
                       "for)"
                     : "removing needs ownership, not read or write permission, so do not "
                       "ask for any access when looking it up, like ipcrm -M");
    require_destroyed(id, "seg_remove_key of its key");
}
END_TEST

/* ---- seg_removal_pending ------------------------------------------------ */

START_TEST(test_pending_values)
{
    struct subject *s = subject_start();
    int held = own_segment(s, test_key(2), SEG_SIZE, 0600);
    int lone = own_segment(s, test_key(1), SEG_SIZE, 0600);

    ck_assert_msg(held == 0, "test bug: the first segment got id %d, not 0", held);

    attach(s, held);
    pending_is(s, lone, 0, "an unattached segment not marked for removal");
    pending_is(s, held, 0, "an attached segment not marked for removal");
    ck_assert_msg(shmctl(held, IPC_RMID, NULL) == 0, "test bug: IPC_RMID failed: %s",
                  strerror(errno));
    pending_is(s, held, 1, "an attached segment marked for removal");
    pending_is(s, lone, 0, "an unattached segment not marked for removal");
}
END_TEST

START_TEST(test_pending_errors)
{
    struct subject *s = subject_start();
    int id = own_segment(s, test_key(1), SEG_SIZE, 0600);
    static const char hint[] =
        "the segment no longer exists, so IPC_STAT fails; 0 would mean 'exists, not "
        "marked': return -1 when shmctl does";

    ck_assert_msg(shmctl(id, IPC_RMID, NULL) == 0, "test bug: IPC_RMID failed");
    struct outcome o = CALL(s, seg_removal_pending, id);
    require_error(&o, EINVAL, "seg_removal_pending of a segment already destroyed", "shmctl",
                  hint);
    o = CALL(s, seg_removal_pending, -1);
    require_error(&o, EINVAL, "seg_removal_pending(-1)", "shmctl", hint);
    o = CALL(s, seg_removal_pending, 4242);
    require_error(&o, EINVAL, "seg_removal_pending(4242), an id no segment ever had", "shmctl",
                  hint);
    o = CALL(s, seg_removal_pending, INT_MAX);
    require_error(&o, EINVAL, "seg_removal_pending(INT_MAX), an id no segment has", "shmctl",
                  hint);
    o = CALL(s, seg_removal_pending, INT_MIN);
    require_error(&o, EINVAL, "seg_removal_pending(INT_MIN)", "shmctl", hint);
}
END_TEST

/* ---- the program ---------------------------------------------------------- */

/* Runs shmrm with args; it must succeed and print `expect`. */
static void shmrm_says(const char *const argv[], const char *how, const char *expect)
{
    struct program_result r = run_program(argv, NULL, 3000);

    require_program_ok(&r, fmt("shmrm %s", how));
    ck_assert_msg(strstr(r.out, expect) != NULL,
                  "`shmrm %s` should say '%s'; it printed: %s", how, expect, one_line(r.out));
}

START_TEST(test_shmrm_program)
{
    char id_text[16];
    const char *path = key_file("demo");
    key_t key = ftok(path, 1);
    struct subject *s = subject_start();

    int id = own_segment(s, key, SEG_SIZE, 0600);
    shmrm_says((const char *const[]){ "shmrm", path, NULL }, "KEYFILE", "removed");
    require_destroyed(id, "`shmrm KEYFILE` of an unattached segment");

    id = own_segment(s, key, SEG_SIZE, 0600);
    attach(s, id);
    shmrm_says((const char *const[]){ "shmrm", path, NULL }, "KEYFILE",
               "marked for removal: still attached 1 time");
    require_marked(id, "`shmrm KEYFILE` of an attached segment");

    struct program_result r = run_program((const char *const[]){ "shmrm", path, NULL },
                                          NULL, 3000);
    /* once more: the key now names no segment */
    require_program_error(&r, "shmrm KEYFILE", strerror(ENOENT));

    id = own_segment(s, test_key(2), SEG_SIZE, 0600);
    snprintf(id_text, sizeof id_text, "%d", id);
    shmrm_says((const char *const[]){ "shmrm", "-m", id_text, NULL }, "-m SHMID", "removed");
    require_destroyed(id, "`shmrm -m SHMID`");
}
END_TEST

/* ---- hygiene and memory ------------------------------------------------- */

/* Every function, success and failure, on segments of s. Leaves exactly one
 * segment: the attached one, marked for removal. Returns its id. Other tests
 * judge these calls; here a wrong result only says that the rest was not
 * reached. */
static int scenario(struct subject *s)
{
    int gone = own_segment(s, test_key(1), SEG_SIZE, 0600);
    int keyed = own_segment(s, test_key(2), 1, 0600);
    int held = own_segment(s, test_key(3), SEG_SIZE, 0600);
    struct outcome o;

    attach(s, held);
    o = CALL(s, seg_removal_pending, held);
    require_step(&o, fmt("seg_removal_pending(%d), attached", held), o.ret == 0, "0", "5.9");
    o = CALL(s, seg_remove, gone);
    require_step(&o, fmt("seg_remove(%d)", gone), o.ret == 0, "0", "5.1");
    o = CALL(s, seg_remove, held);
    require_step(&o, fmt("seg_remove(%d), attached", held), o.ret == 0, "0", "5.2");
    o = CALL(s, seg_removal_pending, held);
    require_step(&o, fmt("seg_removal_pending(%d), attached and marked", held), o.ret == 1,
                 "1", "5.9");
    o = CALL(s, seg_remove_key, test_key(2));
    require_step(&o, "seg_remove_key of a key with a 1-byte segment", o.ret == 0, "0", "5.6");
    o = CALL(s, seg_remove_key, test_key(9));
    require_step_failure(&o, "seg_remove_key of a key without a segment", ENOENT, "5.7");
    o = CALL(s, seg_remove, 4242);
    require_step_failure(&o, "seg_remove(4242)", EINVAL, "5.4");
    o = CALL(s, seg_removal_pending, keyed);
    require_step_failure(&o, fmt("seg_removal_pending(%d) of a destroyed segment", keyed),
                         EINVAL, "5.10");
    return held;
}

START_TEST(test_remove_hygiene)
{
    struct subject *s = subject_start();
    int held = scenario(s);

    ck_assert_msg(count_segments() == 1,
                  "after making 3 segments and removing all of them (one still attached) "
                  "only segment %d should be left, but there are: %s",
                  held, describe_ipc());
    require_printed_nothing(s, "seg_remove, seg_remove_key and seg_removal_pending");
    ck_assert_msg(count_segments() == 0,
                  "after the last process detached, segments are left: %s", describe_ipc());
}
END_TEST

START_TEST(test_remove_memcheck)
{
    struct subject *s = subject_start_memcheck();

    scenario(s);
    require_no_memory_errors(s, NULL);
}
END_TEST

/*
 * Coverage map: each clause of the contract (docs/labs.md, "Rules for every
 * lab" and "05-remove") and the tests that check it; H1-H4 are the hidden
 * tests (hidden/remove_hidden.c). What no test can check is in the README,
 * "What the tests cannot check".
 *
 * Rules for every lab
 *   errno is the failing call's   seg_remove: 5.4 (EINVAL), 5.5 (EPERM)
 *                                 seg_remove_key: 5.7 (ENOENT of the
 *                                 lookup), 5.5 (EPERM of the removal)
 *                                 seg_removal_pending: 5.10 (EINVAL)
 *   a -1 without errno (a guard, or errno reset): 5.4, 5.7, 5.10, named as such
 *   id 0 is a good id             seg_remove: 5.1 (its segment is the
 *                                 namespace's first: id 0), 5.2
 *                                 seg_removal_pending: 5.9 (1 and 0 for id 0)
 *                                 seg_remove_key takes a key, not an id
 *   a mode is nine bits           no function of this lab takes a mode
 *   prints nothing                all three, on success and on failure: 5.12
 *                                 (stdout and stderr); through shmrm: 5.11
 *   never ends the process        every call of every test returns
 *                                 (require_returned)
 *
 * seg_remove(shmid)
 *   unattached: destroyed at once 5.1 (IPC_STAT fails, the key finds nothing)
 *   attached: marked (SHM_DEST,   5.2; still read and written by its process
 *   key IPC_PRIVATE), usable
 *   destroyed with the last       5.2 (shmdt), 5.3 (shmdt, a killed child,
 *   attachment                    an exit)
 *   returns 0                     5.1, 5.2, 5.3, 5.8
 *   -1 and EINVAL for -1, INT_MAX, 5.4
 *   INT_MIN, a destroyed id and an
 *   id no segment ever had
 *   -1 and EPERM when not owner   5.5 (another user's mode-0666 segment stays
 *   nor creator                   unmarked; needs a second user)
 *   ownership, not permission     5.8 (the owner removes a mode-0 segment)
 *   the segment named, only it    H4
 *
 * seg_remove_key(key)
 *   removes the key's segment     5.6 (the other key's stays); H2 (one of ten)
 *   whatever its size             5.6 (4096 bytes, 1 byte); H1 (a page and a
 *                                 byte, 6 MiB)
 *   attached: marks it            5.6
 *   asks for no access            5.8 (mode 0); H1 (modes 0400, 0200, 0444)
 *   -1 and ENOENT for a key       5.7; H2 (a key removed before)
 *   without a segment
 *   never creates a segment       5.7 (none left, none made for a moment; not
 *                                 for IPC_PRIVATE either)
 *   -1 and EPERM when not owner   5.5 (needs a second user)
 *
 * seg_removal_pending(shmid)
 *   exactly 1: marked, attached   5.9 (segment 0); H3 (until the fourth detach)
 *   exactly 0: not marked,        5.9 (attached or not: being attached is
 *   attached or not               not being marked; segments 0 and 1)
 *   -1 and EINVAL: no segment     5.10 (destroyed, -1, INT_MAX, INT_MIN, an
 *                                 id no segment ever had); H3
 *
 * The program shmrm, end to end: 5.11. No segment left behind: 5.12.
 * Memory (no error, no leak, valgrind): 5.13.
 */
static const struct graded_test tests[] = {
    GRADED(test_remove_unattached,     "5.1",  2, "seg_remove destroys an unattached segment at once, shmid 0 too", 0),
    GRADED(test_remove_deferred,       "5.2",  2, "removing an attached segment marks it; it stays usable", 0),
    GRADED(test_remove_last_detach,    "5.3",  1, "the segment goes when its last attachment goes", 0),
    GRADED(test_remove_bad_id,         "5.4",  1, "seg_remove fails with -1 and EINVAL for bad ids", 0),
    GRADED(test_remove_eperm,          "5.5",  1, "removing another user's segment fails with EPERM", GT_OTHER_USER),
    GRADED(test_remove_key,            "5.6",  1, "seg_remove_key removes by key, any size, even attached", 0),
    GRADED(test_remove_key_missing,    "5.7",  1, "seg_remove_key: ENOENT for a missing key; never creates, not for IPC_PRIVATE either", 0),
    GRADED(test_remove_key_no_access,  "5.8",  1, "removing needs no read or write permission, by id or by key", 0),
    GRADED(test_pending_values,        "5.9",  1, "seg_removal_pending returns exactly 1 or 0, for shmid 0 too", 0),
    GRADED(test_pending_errors,        "5.10", 1, "seg_removal_pending returns -1 for a destroyed segment", 0),
    GRADED(test_shmrm_program,         "5.11", 1, "shmrm removes by key file or id, end to end", 0),
    GRADED(test_remove_hygiene,        "5.12", 1, "leaves no segment behind, prints nothing", 0),
    GRADED(test_remove_memcheck,       "5.13", 1, "no memory errors under valgrind", GT_SLOW),
};

JUDGE_MAIN("05-remove", tests)
