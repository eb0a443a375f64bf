/*
 * attach_tests.c: the graded tests of lab 03-attach (seg_attach).
 *
 * The segments are made by the test process (make_segment). The tests judge
 * each attachment from outside the student's process: the mapping in
 * /proc/PID/maps of the subject (present, SYSV, writable or not), the
 * kernel's attach count and last attacher (shm_nattch, shm_lpid), and what
 * happens when the subject reads and writes through the address (a write
 * through a read-only attachment must end it with SIGSEGV). Each test has a
 * fresh IPC namespace, so its first segment gets id 0.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "judge.h"
#include "attach_calls.h"

/* The project id shmtext gives ftok by default. */
#define PROGRAM_PROJ 1

/* What a seg_attach that "works" for an id naming no segment does wrong. */
#define BAD_ID_HINT "shmat's failure value is (void *) -1 and seg_attach's is NULL: every " \
                    "failed shmat must come back as NULL (shmat(2), RETURN VALUE)"

/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

static const char *attach_text(int shmid, int readonly)
{
    return fmt("seg_attach(%d, %d)", shmid, readonly);
}

/* A segment made by the test with `text` (and its NUL) at its start, then
 * given the permission bits `mode`. */
static int make_filled_segment(key_t key, size_t size, int mode, const char *text)
{
    int id = make_segment(key, size, 0600);
    char *p = shmat(id, NULL, 0);
    struct shmid_ds ds = stat_segment(id);

    ck_assert_msg(p != (void *) -1, "the test could not attach its segment: %s", strerror(errno));
    memcpy(p, text, strlen(text) + 1);
    shmdt(p);
    ds.shm_perm.mode = (unsigned short) mode;
    ck_assert_msg(shmctl(id, IPC_SET, &ds) != -1, "the test could not set its segment's mode: %s",
                  strerror(errno));
    return id;
}

/* The first bytes of segment `shmid`, read through the test's own
 * read-only attachment (NUL-terminated, at most 63 characters). */
static const char *segment_text(int shmid)
{
    static char text[64];
    char *p = shmat(shmid, NULL, SHM_RDONLY);

    ck_assert_msg(p != (void *) -1, "the test could not attach segment %d: %s", shmid,
                  strerror(errno));
    memcpy(text, p, sizeof text - 1);
    text[sizeof text - 1] = '\0';
    shmdt(p);
    return text;
}

/* The permissions ("rw-s") of the mapping that starts at `addr` in process
 * `pid`, when /proc/PID/maps shows one of a System V segment there; NULL
 * when nothing of the kind starts there. */
static const char *sysv_mapping_at(pid_t pid, uint64_t addr)
{
    static char perms[8];
    char line[512];
    const char *found = NULL;
    FILE *f = open_proc_of(pid, "maps");

    ck_assert_msg(f != NULL, "the test could not read /proc/%d/maps: %s", (int) pid, strerror(errno));
    while (found == NULL && fgets(line, sizeof line, f) != NULL) {
        unsigned long long start;
        if (sscanf(line, "%llx-%*x %7s", &start, perms) == 2 && start == addr &&
            strstr(line, "SYSV") != NULL)
            found = perms;
    }
    fclose(f);
    return found;
}

/* Why seg_attach(shmid, readonly) failed with err where it should work. */
static const char *attach_hint(int shmid, int readonly, int err)
{
    if (shmid == 0 && (err == 0 || err == EINVAL))
        return "0 is a valid shmid (the first segment gets 0); only shmat's (void *) -1 "
               "means failure";
    if (err == EINVAL)
        return "let the kernel choose the address: shmat's shmaddr argument says where to "
               "map, and one value of it leaves the choice to the kernel (shmat(2))";
    if (err == EACCES && readonly < 0)
        return "a non-zero readonly asks for a read-only attachment, and negative values are "
               "non-zero too: pass SHM_RDONLY then";
    if (err == EACCES && readonly)
        return "a non-zero readonly asks for a read-only attachment: pass SHM_RDONLY then";
    return "the result should be the address shmat mapped, unchanged";
}

/* Calls seg_attach in s and requires a new attachment: returns its address,
 * after checking that the subject has the segment mapped there. */
static uint64_t attach_ok(struct subject *s, int shmid, int readonly)
{
    const char *call = attach_text(shmid, readonly);
    struct outcome o = CALL(s, seg_attach, shmid, readonly);

    require_returned(&o);
    ck_assert_msg(o.ret != -1, "%s returned (void *) -1 (errno %s), expected an address: "
                  "(void *) -1 is shmat's failure value, which seg_attach turns into NULL; "
                  "and this call should not fail: %s", call, errname(o.err),
                  attach_hint(shmid, readonly, o.err));
    ck_assert_msg(o.ret != 0, "%s returned NULL (errno %s), expected the address of the "
                  "segment: %s", call, errname(o.err), attach_hint(shmid, readonly, o.err));
    ck_assert_msg(sysv_mapping_at(subject_pid(s), (uint64_t) o.ret) != NULL,
                  "%s returned %#llx, but no shared memory segment is mapped at that address "
                  "in the process: the result should be the address shmat mapped, "
                  "unchanged", call,
                  (unsigned long long) o.ret);
    return (uint64_t) o.ret;
}

/* Calls seg_attach in s and requires NULL with errno `want`; `what` says
 * why it must fail ("for an invalid id"), `hint` the likely mistake when it
 * does not. */
static void attach_fails(struct subject *s, int shmid, int readonly, int want,
                         const char *what, const char *hint)
{
    const char *call = attach_text(shmid, readonly);
    struct outcome o = CALL(s, seg_attach, shmid, readonly);

    require_returned(&o);
    ck_assert_msg(o.ret != -1, "%s %s returned (void *) -1: shmat reports failure with "
                  "(void *) -1, never NULL; compare with that and return NULL", call, what);
    ck_assert_msg(o.ret == 0 || o.err != want,
                  "%s %s returned the address %#llx while errno is %s, the error expected: "
                  "shmat failed as it should, and a failure turned into a success value? "
                  "seg_attach reports failure as NULL", call, what,
                  (unsigned long long) o.ret, errname(want));
    ck_assert_msg(o.ret == 0, "%s %s returned the address %#llx, expected NULL with errno %s: %s",
                  call, what, (unsigned long long) o.ret, errname(want), hint);
    ck_assert_msg(o.err == want, "%s %s returned NULL with errno %s, expected %s, the errno "
                  "shmat gives here: did shmat fail for another reason, or was errno changed "
                  "after it failed? Nothing that runs after the failing call may change errno",
                  call, what, errname(o.err), errname(want));
}

/* Requires the segment's attach count to be `want` after `what`. */
static void require_nattch(int shmid, unsigned long want, const char *what)
{
    unsigned long got = (unsigned long) stat_segment(shmid).shm_nattch;
    ck_assert_msg(got == want, "after %s the kernel counts %lu attachment(s) of segment %d, "
                  "expected %lu: each seg_attach makes exactly one attachment, so call shmat "
                  "once per call", what, got, shmid, want);
}

/* Copies `text` (with its NUL) to addr, an address seg_attach(shmid, 0)
 * returned in the subject. */
static void subject_write(struct subject *s, uint64_t addr, const char *text)
{
    struct outcome o = subject_call(s, OP_WRITE_MEM, "writing into the segment",
                                    (const int64_t[RPC_ARGS]) { (int64_t) addr },
                                    text, strlen(text) + 1);
    ck_assert_msg(o.returned, "writing \"%s\" at an address seg_attach(id, 0) returned "
                  "failed: %s; readonly 0 asks for a read-write attachment, so no SHM_RDONLY "
                  "then", text, o.how);
}

/* Reads `len` bytes at addr in the subject into a static buffer. */
static const char *subject_read(struct subject *s, uint64_t addr, size_t len)
{
    static char text[RPC_DATA_MAX + 1];
    struct outcome o = subject_call(s, OP_READ_MEM, "reading from the segment",
                                    (const int64_t[RPC_ARGS]) { (int64_t) addr, (int64_t) len },
                                    NULL, 0);
    require_returned(&o);
    memcpy(text, o.data, len);
    text[len] = '\0';
    return text;
}

/* ------------------------------------------------------------------------
 * Attaching
 * --------------------------------------------------------------------- */

START_TEST(test_attach_read_write)
{
    int id = make_segment(test_key(1), 4096, 0666);   /* the first segment: id 0 */
    struct subject *s = subject_start();
    uint64_t addr = attach_ok(s, id, 0);
    const char *perms = sysv_mapping_at(subject_pid(s), addr);
    struct shmid_ds ds = stat_segment(id);

    ck_assert_msg(ds.shm_nattch == 1 && ds.shm_lpid == subject_pid(s),
                  "after seg_attach(%d, 0) in process %d the kernel counts %lu attachment(s), "
                  "the last by process %d; expected 1, by the caller: seg_attach calls shmat "
                  "once, itself", id, (int) subject_pid(s), (unsigned long) ds.shm_nattch,
                  (int) ds.shm_lpid);
    ck_assert_msg(perms[1] == 'w', "seg_attach(%d, 0) mapped the segment with permissions "
                  "\"%s\", expected a writable mapping: readonly 0 asks for read-write, so "
                  "no SHM_RDONLY then", id, perms);

    struct outcome o = COMMON(s, OP_POKE, (int64_t) addr, 'x');
    ck_assert_msg(o.returned, "writing a byte at the address seg_attach(%d, 0) returned "
                  "failed: %s; readonly 0 asks for a read-write attachment", id, o.how);
    ck_assert_msg(segment_text(id)[0] == 'x', "a byte written at the address seg_attach(%d, 0) "
                  "returned did not reach the segment: the result should be the address "
                  "shmat mapped, unchanged", id);
}
END_TEST

START_TEST(test_attach_one_per_call)
{
    make_segment(test_key(1), 64, 0666);     /* takes id 0, so that the one used is not 0 */
    int id = make_segment(test_key(2), 4096, 0666);
    struct subject *s = subject_start();

    uint64_t first = attach_ok(s, id, 0);
    require_nattch(id, 1, fmt("one seg_attach(%d, 0)", id));
    uint64_t second = attach_ok(s, id, 0);
    require_nattch(id, 2, fmt("two seg_attach(%d, 0)", id));
    ck_assert_msg(first != second, "two calls seg_attach(%d, 0) both returned %#llx: each call "
                  "makes a new attachment at an address the kernel chooses", id,
                  (unsigned long long) first);
    uint64_t third = attach_ok(s, id, 1);
    require_nattch(id, 3, fmt("two seg_attach(%d, 0) and one seg_attach(%d, 1)", id, id));
    ck_assert_msg(third != first && third != second, "seg_attach returned the address %#llx "
                  "twice", (unsigned long long) third);
}
END_TEST

START_TEST(test_attach_read_only)
{
    int id = make_filled_segment(test_key(1), 4096, 0666, "q");
    struct subject *s = subject_start();
    uint64_t addr = attach_ok(s, id, 1);
    const char *perms = sysv_mapping_at(subject_pid(s), addr);

    struct outcome o = COMMON(s, OP_PEEK, (int64_t) addr);
    ck_assert_msg(o.returned && o.ret == 'q', "reading the first byte at the address "
                  "seg_attach(%d, 1) returned %s, expected 'q', the segment's first byte",
                  id, o.returned ? fmt("gave %lld", (long long) o.ret) : o.how);
    ck_assert_msg(perms[1] == '-', "seg_attach(%d, 1) mapped the segment with permissions "
                  "\"%s\", expected a read-only mapping: a non-zero readonly asks for "
                  "SHM_RDONLY (not the value of readonly itself as shmat's flag)", id, perms);

    o = COMMON(s, OP_POKE, (int64_t) addr, 'x');
    ck_assert_msg(!o.returned, "writing through the address seg_attach(%d, 1) returned "
                  "succeeded: a read-only attachment must refuse writes; pass SHM_RDONLY "
                  "when readonly is non-zero", id);
    ck_assert_msg(strstr(o.how, "SIGSEGV") != NULL, "writing through a read-only attachment "
                  "should end the process with SIGSEGV, but %s", o.how);
    ck_assert_msg(segment_text(id)[0] == 'q', "a write through a read-only attachment "
                  "changed the segment");
}
END_TEST

START_TEST(test_attach_read_only_grants)
{
    make_segment(test_key(1), 64, 0666);     /* takes id 0, so that the one used is not 0 */
    int id = make_filled_segment(test_key(2), 64, 0444, "read me");
    struct subject *s = subject_start();

    uint64_t addr = attach_ok(s, id, 2);
    ck_assert_msg(strcmp(subject_read(s, addr, 8), "read me") == 0,
                  "seg_attach(%d, 2) returned an address where the segment's text is not",
                  id);
    attach_ok(s, id, INT_MIN);                /* non-zero, and negative */
    attach_fails(s, id, 0, EACCES, "for a segment with mode 0444 (no write permission)",
                 "readonly 0 asks for a read-write attachment: SHM_RDONLY only when readonly "
                 "is non-zero");
    require_nattch(id, 2, fmt("seg_attach(%d, 2), seg_attach(%d, INT_MIN) and a failed "
                              "seg_attach(%d, 0)", id, id, id));
}
END_TEST

START_TEST(test_attach_bad_id)
{
    struct subject *s = subject_start();

    attach_fails(s, -1, 0, EINVAL, "for an invalid id", BAD_ID_HINT);
    int id = make_segment(test_key(1), 64, 0666);
    ck_assert_msg(shmctl(id, IPC_RMID, NULL) != -1, "the test could not remove segment %d", id);
    attach_fails(s, id, 0, EINVAL, "for the id of a removed segment", BAD_ID_HINT);
    attach_fails(s, id, 1, EINVAL, "for the id of a removed segment", BAD_ID_HINT);
}
END_TEST

START_TEST(test_attach_shared)
{
    int id = make_segment(test_key(1), 4096, 0666);
    struct subject *a = subject_start();
    struct subject *b = subject_start();
    uint64_t in_a = attach_ok(a, id, 0);
    uint64_t in_b = attach_ok(b, id, 0);

    subject_write(a, in_a, "hello from A");
    ck_assert_msg(strcmp(subject_read(b, in_b, 13), "hello from A") == 0,
                  "process A wrote \"hello from A\" through its seg_attach(%d, 0), but "
                  "process B reads \"%s\" through its own: both must map the same segment",
                  id, subject_read(b, in_b, 13));
    subject_write(b, in_b + 100, "reply from B");
    ck_assert_msg(strcmp(subject_read(a, in_a + 100, 13), "reply from B") == 0,
                  "process B wrote \"reply from B\" into the segment, but process A does not "
                  "see it: both must map the same segment, read-write");
    require_nattch(id, 2, "one seg_attach in each of two processes");
}
END_TEST

/* ------------------------------------------------------------------------
 * The program, hygiene, memory
 * --------------------------------------------------------------------- */

START_TEST(test_shmtext_program)
{
    const char *path = key_file("text");
    int id = make_segment(ftok(path, PROGRAM_PROJ), 64, 0666);
    const char *argv_write[] = { "shmtext", "write", path, "hello, world", NULL };
    const char *cmd = fmt("shmtext write %s 'hello, world'", path);
    struct program_result r = run_program(argv_write, NULL, 3000);

    require_program_ok(&r, cmd);
    ck_assert_msg(strcmp(segment_text(id), "hello, world") == 0,
                  "after `%s` the segment holds \"%s\"", cmd, segment_text(id));

    const char *argv_read[] = { "shmtext", "read", path, NULL };
    cmd = fmt("shmtext read %s", path);
    r = run_program(argv_read, NULL, 3000);
    require_program_ok(&r, cmd);
    ck_assert_msg(strcmp(r.out, "hello, world\n") == 0, "`%s` should print \"hello, world\"; "
                  "it printed: %s", cmd, one_line(r.out));

    /* read-only: works where the segment grants no write, and writing does not */
    const char *ro_path = key_file("read-only");
    make_filled_segment(ftok(ro_path, PROGRAM_PROJ), 64, 0444, "read me");
    const char *argv_ro[] = { "shmtext", "read", ro_path, NULL };
    cmd = fmt("shmtext read %s (a segment with mode 0444)", ro_path);
    r = run_program(argv_ro, NULL, 3000);
    require_program_ok(&r, cmd);
    ck_assert_msg(strcmp(r.out, "read me\n") == 0, "`%s` should print \"read me\"; it "
                  "printed: %s", cmd, one_line(r.out));
    const char *argv_rw[] = { "shmtext", "write", ro_path, "x", NULL };
    r = run_program(argv_rw, NULL, 3000);
    require_program_error(&r, fmt("shmtext write %s x (a segment with mode 0444)", ro_path),
                          strerror(EACCES));
}
END_TEST

/* seg_attach on its success and failure paths, on two segments the test
 * makes: `rw` (0666) and `ro` (0444). Each ends with one attachment. Other
 * tests judge these calls; here a wrong result only says that the rest was
 * not reached. */
static void attach_scenario(struct subject *s, int *rw, int *ro)
{
    *rw = make_segment(test_key(1), 64, 0666);
    *ro = make_segment(test_key(2), 64, 0444);
    struct outcome o = CALL(s, seg_attach, *rw, 0);

    require_step(&o, attach_text(*rw, 0), o.ret != 0 && o.ret != -1, "an address", "3.1");
    const char *write_call = fmt("a write through the address of %s", attach_text(*rw, 0));
    o = subject_call(s, OP_WRITE_MEM, "writing into the segment",
                     (const int64_t[RPC_ARGS]) { o.ret }, "scenario", sizeof "scenario");
    require_step(&o, write_call, true, "", "3.1");
    o = CALL(s, seg_attach, *ro, 1);
    require_step(&o, attach_text(*ro, 1), o.ret != 0 && o.ret != -1, "an address", "3.3");
    o = CALL(s, seg_attach, *ro, 0);
    require_step(&o, attach_text(*ro, 0), o.ret == 0 && o.err == EACCES,
                 "NULL with errno EACCES", "3.4");
    o = CALL(s, seg_attach, -1, 0);
    require_step(&o, attach_text(-1, 0), o.ret == 0 && o.err == EINVAL,
                 "NULL with errno EINVAL", "3.5");
}

START_TEST(test_attach_hygiene)
{
    struct subject *s = subject_start();
    int rw, ro;

    attach_scenario(s, &rw, &ro);
    ck_assert_msg(count_segments() == 2,
                  "after seg_attach calls the kernel holds %s, expected only the test's two "
                  "segments: attaching never makes a segment", describe_ipc());
    require_nattch(rw, 1, "one seg_attach of it");
    require_nattch(ro, 1, "one seg_attach of it that worked and one that failed");
    require_printed_nothing(s, "seg_attach");
}
END_TEST

START_TEST(test_attach_memcheck)
{
    struct subject *s = subject_start_memcheck();
    int rw, ro;

    attach_scenario(s, &rw, &ro);
    require_no_memory_errors(s, NULL);
}
END_TEST

/* Coverage map: each clause of the contract (docs/labs.md, "Rules for every
 * lab" and "03-attach") and the tests that check it.
 *
 * Rules for every lab
 *   errno is the failing call's, nothing overwrites it
 *                                      3.4 (EACCES), 3.5 (EINVAL)
 *   id 0 is a good id                  3.1 (attaches segment 0)
 *   a mode is mode & 0777              no mode parameter
 *   prints nothing                     success and failure paths: 3.8; under
 *                                      shmtext: 3.7 (one line on stderr)
 *   never ends the process             every call (require_returned): all tests
 * seg_attach
 *   maps the segment into the caller   3.1 (/proc/PID/maps, shm_lpid, a write reaches
 *                                      the segment), 3.6 (two processes share it)
 *   at an address the kernel picks     3.2 (three attachments, three addresses)
 *   read-only when readonly is not 0   3.3 (1: reads, a write is SIGSEGV), 3.4 (2 and
 *                                      INT_MIN on a segment that grants no write)
 *   read-write when readonly is 0      3.1, 3.6; 3.4 (EACCES where write is refused)
 *   one call, exactly one attachment   3.2 (nattch 1, 2, 3), 3.4, 3.8
 *   returns the mapping's address      3.1, 3.4, 3.6 (what is read and written there)
 *   NULL, never (void *) -1, on failure, errno set
 *                                      3.4 (EACCES), 3.5 (EINVAL: id -1, a removed
 *                                      segment, read-only or not)
 * Memory errors: 3.9 (valgrind, on 3.8's calls).
 */
static const struct graded_test tests[] = {
    GRADED(test_attach_read_write,       "3.1", 3, "seg_attach maps the segment read-write in the caller (shmid 0 too)", 0),
    GRADED(test_attach_one_per_call,     "3.2", 2, "each seg_attach makes exactly one new attachment", 0),
    GRADED(test_attach_read_only,        "3.3", 2, "a read-only attachment reads, and a write through it is SIGSEGV", 0),
    GRADED(test_attach_read_only_grants, "3.4", 2, "read-only works where write is not granted; read-write fails with EACCES", 0),
    GRADED(test_attach_bad_id,           "3.5", 2, "seg_attach returns NULL, not (void *) -1, with EINVAL for a bad id", 0),
    GRADED(test_attach_shared,           "3.6", 1, "two processes see each other's writes", 0),
    GRADED(test_shmtext_program,         "3.7", 1, "shmtext writes and reads text from the command line", 0),
    GRADED(test_attach_hygiene,          "3.8", 1, "no segment made by attaching, and nothing printed", 0),
    GRADED(test_attach_memcheck,         "3.9", 1, "no memory errors (valgrind)", GT_SLOW),
};

JUDGE_MAIN("03-attach", tests)
