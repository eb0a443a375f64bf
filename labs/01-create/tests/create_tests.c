/*
 * create_tests.c: the graded tests of lab 01-create (seg_key, seg_create).
 *
 * Student code runs in subjects; these tests judge the replies and, above
 * all, the kernel's record of each segment (shmctl IPC_STAT from the test
 * process): its key, exact size, permission bits, creator and attach count.
 * Each test has a fresh IPC namespace, so its first segment gets id 0.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

#include "judge.h"
#include "create_calls.h"

/* The project id shmcreate gives ftok by default. */
#define PROGRAM_PROJ 1

/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

/* A key as a student reads it: "IPC_PRIVATE" or "0x4c000001". */
static const char *key_text(key_t key)
{
    return key == IPC_PRIVATE ? "IPC_PRIVATE" : fmt("%#x", (unsigned) key);
}

static const char *create_text(key_t key, size_t size, int mode)
{
    return fmt("seg_create(%s, %zu, %s)", key_text(key), size, octal(mode));
}

/* A path that does not exist (next to a file that does). */
static const char *missing_path(void)
{
    static char path[PATH_MAX];

    snprintf(path, sizeof path, "%s-missing", key_file("present"));
    ck_assert_msg(access(path, F_OK) == -1, "test bug: %s exists", path);
    return path;
}

static struct outcome call_seg_key(struct subject *s, const char *path, int proj_id)
{
    return CALL_DATA(s, seg_key, path, strlen(path) + 1, proj_id);
}

/* A key returned by seg_key, for messages: "0x5300284a" or "-1 (errno ENOENT)". */
static const char *key_result(const struct outcome *o)
{
    return o->ret == -1 ? fmt("-1 (errno %s)", errname(o->err))
                        : fmt("%#llx", (unsigned long long) (o->ret & 0xffffffff));
}

/* What is unusual about a seg_create(key, size, mode) that should have made
 * a segment and failed: ": ..." to end a message, or "". */
static const char *create_failure_hint(key_t key, int mode)
{
    if (key == IPC_PRIVATE)
        return ": IPC_PRIVATE (key 0) is a valid key that asks for a new segment every time";
    if (mode & ~0777)
        return fmt(": mode %s has bits above 0777, and only mode & 0777 counts: the other "
                   "bits must neither be refused nor reach shmget, where they are flags "
                   "(01000 IPC_CREAT, 02000 IPC_EXCL, 04000 SHM_HUGETLB ...)", octal(mode));
    if (key < 0)
        return ": a key is any key_t value: 0 is IPC_PRIVATE, and negative ones are keys too "
               "(ftok makes them from project ids of 0x80 and above). Is a key < 0 refused? "
               "Only shmget decides which keys it takes";
    return "";
}

/* Calls seg_create in s and requires a new segment: returns its id. */
static int create_ok(struct subject *s, key_t key, size_t size, int mode)
{
    const char *call = create_text(key, size, mode);
    int before = count_segments();
    struct outcome o = CALL(s, seg_create, key, (int64_t) size, mode);
    struct shmid_ds ds;

    require_returned(&o);
    if (o.ret == -1 && count_segments() > before)
        ck_abort_msg("%s returned -1 (errno %s), yet the kernel made the segment (%s): "
                     "0 is a valid shmid (the first segment gets 0); only -1 means failure, "
                     "so compare shmget's result with -1, never test id <= 0",
                     call, errname(o.err), describe_ipc());
    ck_assert_msg(o.ret != -1, "%s failed with %s, expected the id of a new segment%s",
                  call, errname(o.err), create_failure_hint(key, mode));
    ck_assert_msg(o.ret >= 0 && o.ret <= INT_MAX && segment_stat((int) o.ret, &ds),
                  "%s returned %lld, which names no segment (%s): return the id that shmget "
                  "returned", call, (long long) o.ret, describe_ipc());
    return (int) o.ret;
}

/* Why a segment got the permission bits `got`, not those of the mode asked for. */
static const char *mode_hint(int got)
{
    if (got == (666 & 0777))
        return "0232 is what 666 written in decimal gives (666 = 01232): permission bits "
               "are octal, written with a leading 0, and they must come from the mode argument";
    return "the new segment's permission bits are the low 9 bits of shmget's flags, and "
           "they must be the caller's mode & 0777 (shmget(2); the README, \"Creating a "
           "segment\")";
}

/* ------------------------------------------------------------------------
 * seg_key
 * --------------------------------------------------------------------- */

/* Why seg_key(path, proj) returned `got` where ftok gives `want`, from what
 * the key shows: ftok puts proj_id's low 8 bits in the key's top byte and
 * the file's device and inode numbers in its low 24 bits. */
static const char *key_hint(int64_t got, int err, key_t want, int proj)
{
    unsigned got_bits = (unsigned) (got & 0xffffffff);

    if (got == -1 && err == 0 && want < 0)
        return fmt("ftok's key %#x is negative as a key_t (proj_id %#x sets its top bit), "
                   "and only (key_t) -1 means failure: is a key < 0 taken for one?",
                   (unsigned) want, (unsigned) proj);
    if (got == -1)
        return "the file exists, and ftok takes any proj_id (it keeps the low 8 bits): "
               "pass both on as given and return ftok's result";
    if ((got_bits & 0xffffff) == ((unsigned) want & 0xffffff))
        return fmt("the key's low 24 bits (the file's device and inode) are right, but its "
                   "top byte, where ftok puts proj_id's low 8 bits, is %#x where proj_id %#x "
                   "gives %#x: seg_key ignores proj_id or changes it; pass it to ftok as given",
                   got_bits >> 24, (unsigned) proj, (unsigned) proj & 0xff);
    return "the key is what ftok makes of the path and the project id, both passed on as "
           "given (ftok(3); the README, \"Keys\")";
}

START_TEST(test_key_matches_ftok)
{
    const char *path = key_file("keyfile");
    struct subject *s = subject_start();
    /* 'S'; 'S' with bit 7 set, whose key is negative; 'S' + 256, whose key is 'S''s */
    const int projs[] = { 'S', 'S' | 0x80, 'S' + 0x100 };

    for (int i = 0; i < 3; i++) {
        key_t want = ftok(path, projs[i]);
        struct outcome o = call_seg_key(s, path, projs[i]);

        require_returned(&o);
        ck_assert_msg(o.ret == (int64_t) want,
                      "seg_key(\"%s\", %#x) returned %s, expected ftok's key %#x: %s",
                      path, (unsigned) projs[i], key_result(&o), (unsigned) want,
                      key_hint(o.ret, o.err, want, projs[i]));
    }
}
END_TEST

START_TEST(test_key_uses_proj_id)
{
    const char *path = key_file("keyfile");
    struct subject *s = subject_start();
    const int projs[] = { 1, 2, 'A', 'z' };
    int64_t got[4];

    for (int i = 0; i < 4; i++) {
        struct outcome o = call_seg_key(s, path, projs[i]);
        require_returned(&o);
        ck_assert_msg(o.ret != -1, "seg_key(\"%s\", %d) failed with %s for an existing file",
                      path, projs[i], errname(o.err));
        got[i] = o.ret;
        for (int j = 0; j < i; j++)
            ck_assert_msg(got[j] != got[i],
                          "seg_key gave the same key %#llx for proj_id %d and %d: it ignores "
                          "proj_id; pass it to ftok, so that one file can name several segments",
                          (unsigned long long) (got[i] & 0xffffffff), projs[j], projs[i]);
    }
    for (int i = 0; i < 4; i++)
        ck_assert_msg(got[i] == (int64_t) ftok(path, projs[i]),
                      "seg_key(\"%s\", %d) returned %#llx, expected ftok's key %#x",
                      path, projs[i], (unsigned long long) (got[i] & 0xffffffff),
                      (unsigned) ftok(path, projs[i]));
}
END_TEST

START_TEST(test_key_missing_file)
{
    const char *path = missing_path();
    struct subject *s = subject_start();
    struct outcome o = call_seg_key(s, path, 1);

    require_failed(&o, fmt("seg_key(\"%s\", 1)", path), ENOENT, "ftok",
                   "ftok needs an existing file (it uses its inode number) and reports a "
                   "missing one with errno; seg_key hands on its failure value and errno "
                   "untouched (ftok(3))");
}
END_TEST

/* ------------------------------------------------------------------------
 * seg_create: what the kernel recorded
 * --------------------------------------------------------------------- */

START_TEST(test_create_exact_size)
{
    struct subject *s = subject_start();
    const size_t sizes[] = { 1000, 1, 70000 };

    for (int i = 0; i < 3; i++) {
        int id = create_ok(s, test_key(i + 1), sizes[i], 0600);
        size_t got = stat_segment(id).shm_segsz;
        ck_assert_msg(got == sizes[i],
                      "after %s the kernel records %zu bytes (shm_segsz), expected exactly %zu: "
                      "pass size to shmget unchanged; the kernel rounds the memory up to whole "
                      "pages itself but records the size asked for",
                      create_text(test_key(i + 1), sizes[i], 0600), got, sizes[i]);
    }

    /* A size_t beyond 32 bits, whose low 32 bits are 1000. The test's bound
     * on all segments is raised for it, so that the kernel makes it at every
     * isolation level alike (nothing touches its memory); a machine whose
     * owner lowered the bounds may still refuse it (ENOSPC, ENOMEM, EINVAL). */
    const size_t huge = ((size_t) 1 << 32) + 1000;
    const char *call = create_text(test_key(4), huge, 0600);
    unsigned long long bound = shmall_raise(huge);
    struct outcome o = CALL(s, seg_create, test_key(4), (int64_t) huge, 0600);
    struct shmid_ds ds;

    shmall_restore(bound);

    require_returned(&o);
    if (o.ret == -1) {
        ck_assert_msg((o.err == ENOMEM || o.err == ENOSPC || o.err == EINVAL) &&
                      count_segments() == 3,
                      "%s returned -1 with errno %s and the kernel holds %s; expected a new "
                      "segment, or -1 with ENOMEM, ENOSPC or EINVAL and no segment made",
                      call, errname(o.err), describe_ipc());
        return;
    }
    ck_assert_msg(count_segments() > 3 || o.err == 0,
                  "%s returned %lld while errno is %s, and no segment was made (%s): a "
                  "failure turned into a success value? Only -1 reports a failure",
                  call, (long long) o.ret, errname(o.err), describe_ipc());
    ck_assert_msg(o.ret >= 0 && o.ret <= INT_MAX && segment_stat((int) o.ret, &ds),
                  "%s returned %lld, which names no segment (%s)", call, (long long) o.ret,
                  describe_ipc());
    ck_assert_msg(ds.shm_segsz == huge,
                  "after %s the kernel records %zu bytes, expected exactly %zu: %s", call,
                  (size_t) ds.shm_segsz, huge,
                  ds.shm_segsz == (uint32_t) huge
                      ? "that is the size cut to 32 bits: is it kept in an int or an "
                        "unsigned on the way? size is a size_t, and so is shmget's"
                      : "pass size to shmget unchanged");
}
END_TEST

START_TEST(test_create_uses_key)
{
    struct subject *s = subject_start();
    /* the last one is negative as a key_t, as ftok's keys for proj_ids >= 0x80 are */
    const key_t keys[] = { test_key(1), test_key(2), (key_t) 0x7ffffff0, (key_t) 0x9abcdef0 };

    for (int i = 0; i < 4; i++) {
        int id = create_ok(s, keys[i], 64, 0600);
        key_t got = stat_segment(id).shm_perm.__key;
        ck_assert_msg(got == keys[i],
                      "after %s the segment has key %s, expected %s: pass the key argument to "
                      "shmget; a segment made with IPC_PRIVATE can never be found by its key",
                      create_text(keys[i], 64, 0600), key_text(got), key_text(keys[i]));
    }
}
END_TEST

START_TEST(test_create_mode)
{
    struct subject *s = subject_start();
    const int modes[] = { 0640, 0600, 0444, 0751, 0 };

    for (int i = 0; i < 5; i++) {
        int id = create_ok(s, test_key(i + 1), 64, modes[i]);
        int got = stat_segment(id).shm_perm.mode & 0777;
        ck_assert_msg(got == modes[i],
                      "after %s the segment has permission bits %s, expected %s: %s",
                      create_text(test_key(i + 1), 64, modes[i]), octal(got),
                      octal(modes[i]), mode_hint(got));
    }
}
END_TEST

START_TEST(test_create_mode_masked)
{
    struct subject *s = subject_start();
    /* IPC_CREAT's bit; a file type's; SHM_HUGETLB's; every bit above 0777 */
    const int modes[] = { 01600, 0100640, 04640, (int) (~0777u | 0640u) };

    for (int i = 0; i < 4; i++) {
        int want = modes[i] & 0777;
        int id = create_ok(s, test_key(i + 1), 64, modes[i]);
        int got = stat_segment(id).shm_perm.mode & 0777;
        ck_assert_msg(got == want,
                      "after %s the segment has permission bits %s, expected %s: only "
                      "mode & 0777 counts", create_text(test_key(i + 1), 64, modes[i]),
                      octal(got), octal(want));
    }
}
END_TEST

START_TEST(test_create_by_caller_unattached)
{
    struct subject *s = subject_start();
    int id = create_ok(s, test_key(1), 4096, 0600);
    struct shmid_ds ds = stat_segment(id);

    ck_assert_msg(ds.shm_cpid == subject_pid(s),
                  "segment %d was created by process %d, expected the caller, process %d: "
                  "seg_create calls shmget itself, in the calling process",
                  id, (int) ds.shm_cpid, (int) subject_pid(s));
    ck_assert_msg(ds.shm_nattch == 0,
                  "after seg_create the new segment has %lu attachment(s), expected 0: "
                  "seg_create leaves the segment unattached; attaching is lab 03's shmat "
                  "(and whatever you attach, shmdt it)",
                  (unsigned long) ds.shm_nattch);
}
END_TEST

/* ------------------------------------------------------------------------
 * seg_create: always a new segment, or a failure
 * --------------------------------------------------------------------- */

START_TEST(test_create_existing_key)
{
    struct subject *s = subject_start();
    key_t key = test_key(1);
    int id = create_ok(s, key, 1000, 0600);
    struct shmid_ds before = stat_segment(id);
    const char *call = create_text(key, 100, 0640);
    struct outcome o = CALL(s, seg_create, key, 100, 0640);

    require_returned(&o);
    ck_assert_msg(o.ret != id || o.err != 0,
                  "%s returned %d, the id of the segment that already exists for that key, "
                  "with errno 0, expected -1 with EEXIST: shmget succeeded and handed back "
                  "the old segment. Without IPC_EXCL, a create finds a segment that exists "
                  "instead of failing (shmget(2); the README, \"Creating a segment\")",
                  call, id);
    ck_assert_msg(o.ret != -1 || o.err == EEXIST || o.err == 0,
                  "%s returned -1 with errno %s, expected EEXIST: the call did fail, as it "
                  "should, but errno does not say why. shmget reports a taken key with EEXIST "
                  "when asked to create exclusively; did shmget fail for another reason, or was "
                  "errno changed after it failed (a clean-up call, a print)? Nothing that runs "
                  "after the failing call may change errno", call, errname(o.err));
    require_failed(&o, call, EEXIST, "shmget",
                   "a key that already has a segment must be reported as EEXIST, which "
                   "shmget gives only when asked to create exclusively (shmget(2))");
    struct shmid_ds after = stat_segment(id);
    ck_assert_msg(count_segments() == 1 && after.shm_segsz == before.shm_segsz &&
                  after.shm_perm.mode == before.shm_perm.mode,
                  "a failed seg_create changed the segments (%s), expected the first one alone "
                  "and unchanged", describe_ipc());

    /* A segment made by another process (the test, as another user) counts too. */
    key_t other = test_key(2);
    make_segment(other, 64, 0600);
    o = CALL(s, seg_create, other, 64, 0600);
    require_failed(&o, fmt("%s when another process made a segment for that key",
                           create_text(other, 64, 0600)),
                   EEXIST, "shmget", "an exclusive create reports a taken key as EEXIST "
                   "before it checks anything else, whoever owns the segment (shmget(2))");
}
END_TEST

START_TEST(test_create_private_twice)
{
    struct subject *s = subject_start();
    int a = create_ok(s, IPC_PRIVATE, 64, 0600);
    int b = create_ok(s, IPC_PRIVATE, 64, 0600);

    ck_assert_msg(a != b && count_segments() == 2,
                  "two calls seg_create(IPC_PRIVATE, 64, 0600) returned %d and %d and the "
                  "kernel holds %s, expected two new segments: IPC_PRIVATE makes a new segment "
                  "every time", a, b, describe_ipc());
}
END_TEST

START_TEST(test_create_size_zero)
{
    struct subject *s = subject_start();
    struct outcome o = CALL(s, seg_create, test_key(1), 0, 0600);

    require_failed(&o, create_text(test_key(1), 0, 0600), EINVAL, "shmget",
                   o.ret == -1 ? "the kernel refuses a segment of 0 bytes with EINVAL "
                                 "(shmget(2), ERRORS), and seg_create hands on shmget's "
                                 "failure value and errno as they are"
                               : "the kernel itself refuses a segment of 0 bytes with "
                                 "EINVAL, when it gets the size asked for unchanged "
                                 "(shmget(2), ERRORS)");
    ck_assert_msg(count_segments() == 0,
                  "a seg_create of size 0 left segments behind (%s), expected none",
                  describe_ipc());
}
END_TEST

/* ------------------------------------------------------------------------
 * The program, hygiene, memory
 * --------------------------------------------------------------------- */

/* Fails the test when shmcreate (run as `cmd`) wrote a line on `stream`
 * ("stdout" or "stderr", whose text is `text`) that does not begin with
 * `own`, the way each of its own lines there begins: the student functions
 * printed it. */
static void require_only_program_lines(const char *text, const char *stream, const char *own,
                                       const char *cmd)
{
    for (const char *line = text; *line != '\0'; line = strchr(line, '\n') + 1) {
        ck_assert_msg(strncmp(line, own, strlen(own)) == 0,
                      "`%s` wrote lines on %s that are not shmcreate's own (those begin with "
                      "\"%s\"), so seg_key or seg_create printed them: %s. Functions of a "
                      "library print nothing; shmcreate reports results and errors itself",
                      cmd, stream, own, one_line(text));
        if (strchr(line, '\n') == NULL)
            break;
    }
}

START_TEST(test_shmcreate_program)
{
    const char *path = key_file("demo");
    key_t key = ftok(path, PROGRAM_PROJ);
    const char *argv[] = { "shmcreate", "-m", "0640", path, "1234", NULL };
    const char *cmd = fmt("shmcreate -m 0640 %s 1234", path);
    struct program_result r = run_program(argv, NULL, 3000);
    int id;

    require_program_ok(&r, cmd);
    require_only_program_lines(r.err, "stderr", "shmcreate: ", cmd);
    require_only_program_lines(r.out, "stdout", "shmid ", cmd);
    ck_assert_msg(sscanf(r.out, "shmid %d", &id) == 1,
                  "`%s` should print \"shmid N key 0x...\"; it printed: %s", cmd, one_line(r.out));
    struct shmid_ds ds = stat_segment(id);
    ck_assert_msg(ds.shm_perm.__key == key && ds.shm_segsz == 1234 &&
                  (ds.shm_perm.mode & 0777) == 0640,
                  "after `%s` segment %d has key %s, %zu bytes, mode %s; expected key %s "
                  "(ftok of the file, project 1), 1234 bytes, mode 0640", cmd, id,
                  key_text(ds.shm_perm.__key), (size_t) ds.shm_segsz,
                  octal(ds.shm_perm.mode & 0777), key_text(key));

    r = run_program(argv, NULL, 3000);
    require_only_program_lines(r.err, "stderr", "shmcreate: ", fmt("%s (a second time)", cmd));
    require_program_error(&r, fmt("%s (a second time)", cmd), strerror(EEXIST));
    ck_assert_msg(count_segments() == 1, "running `%s` twice left %s, expected one segment",
                  cmd, describe_ipc());

    const char *missing = missing_path();
    const char *argv_missing[] = { "shmcreate", missing, "100", NULL };
    r = run_program(argv_missing, NULL, 3000);
    require_program_error(&r, fmt("shmcreate %s 100", missing), strerror(ENOENT));
}
END_TEST

/* Every function, on its success and failure paths: two segments are made,
 * two calls fail. Other tests judge these calls; here a wrong result only
 * says that the rest was not reached. */
static void create_scenario(struct subject *s)
{
    const char *path = key_file("keyfile");
    const char *missing = missing_path();
    struct outcome o = call_seg_key(s, path, 1);

    require_step(&o, fmt("seg_key(\"%s\", 1)", path), o.ret == (int64_t) ftok(path, 1),
                 "ftok's key", "1.1");
    o = call_seg_key(s, missing, 1);
    require_step_failure(&o, fmt("seg_key(\"%s\", 1)", missing), ENOENT, "1.3");
    o = CALL(s, seg_create, test_key(1), 100, 0600);
    require_step(&o, create_text(test_key(1), 100, 0600), o.ret >= 0, "a new shmid", "1.4");
    o = CALL(s, seg_create, test_key(1), 100, 0600);
    require_step_failure(&o, create_text(test_key(1), 100, 0600), EEXIST, "1.9");
    o = CALL(s, seg_create, test_key(2), 0, 0600);
    require_step_failure(&o, create_text(test_key(2), 0, 0600), EINVAL, "1.11");
    o = CALL(s, seg_create, IPC_PRIVATE, 100, 0600);
    require_step(&o, create_text(IPC_PRIVATE, 100, 0600), o.ret >= 0, "a new shmid", "1.10");
}

START_TEST(test_create_hygiene)
{
    struct subject *s = subject_start();

    create_scenario(s);
    ck_assert_msg(count_segments() == 2,
                  "after two seg_key calls, two seg_create calls that succeeded and two that "
                  "failed, the kernel holds %s; expected exactly the two new segments: each "
                  "successful call makes one segment, a failed one none",
                  describe_ipc());
    require_printed_nothing(s, "seg_key and seg_create");
}
END_TEST

START_TEST(test_create_memcheck)
{
    struct subject *s = subject_start_memcheck();

    create_scenario(s);
    require_no_memory_errors(s, NULL);
}
END_TEST

/* Coverage map: each clause of the contract (docs/labs.md, "Rules for every
 * lab" and "01-create") and the tests that check it.
 *
 * Rules for every lab
 *   errno is the failing call's, nothing overwrites it
 *       seg_key: 1.3 (ENOENT)          seg_create: 1.9 (EEXIST), 1.11 (EINVAL),
 *                                      1.4 (ENOSPC, ENOMEM or EINVAL: the kernel
 *                                      refuses 4 GiB + 1000)
 *   id 0 is a good id                  seg_create: 1.4 (every test's first segment is 0)
 *   a mode is mode & 0777              1.6 (0, 0444, 0751 ...), 1.7 (01600, 0100640,
 *                                      04640, every bit above 0777: a negative int)
 *   prints nothing                     both, success and failure paths: 1.13;
 *                                      under shmcreate, stdout and stderr: 1.12
 *   never ends the process             every call (require_returned): all tests
 * seg_key
 *   returns ftok's key                 1.1 ('S', 'S' | 0x80 whose key is negative,
 *                                      'S' + 0x100 whose low 8 bits are 'S')
 *   proj_id counts                     1.2 (1, 2, 'A', 'z': distinct keys)
 *   (key_t) -1 and ENOENT, missing     1.3
 * seg_create
 *   a new segment of exactly size      1.4 (1, 1000, 70000; 4 GiB + 1000: beyond 32 bits)
 *   for the key given                  1.5 (ordinary, large, negative keys)
 *   permission bits mode & 0777        1.6, 1.7
 *   never an existing segment: EEXIST  1.9 (its own, and another user's of mode 0600)
 *   IPC_PRIVATE: new every time        1.10
 *   left unattached                    1.8
 *   returns the new shmid              1.4 to 1.10 (create_ok: the id names it)
 *   -1 and EINVAL for size 0           1.11 (and no segment made)
 *   made in the caller, nothing else   1.8 (shm_cpid), 1.13 (count of segments)
 * No test: ENOSPC, which needs the namespace's limit of segments used up;
 * the README says why ("What the tests cannot check"). Memory errors: 1.14
 * (valgrind, on 1.13's calls).
 */
static const struct graded_test tests[] = {
    GRADED(test_key_matches_ftok,             "1.1",  1, "seg_key returns ftok's key for a file, whatever the project id", 0),
    GRADED(test_key_uses_proj_id,             "1.2",  1, "seg_key gives distinct keys for distinct proj_ids", 0),
    GRADED(test_key_missing_file,             "1.3",  1, "seg_key fails with ENOENT for a missing file", 0),
    GRADED(test_create_exact_size,            "1.4",  1, "seg_create makes a segment of exactly the size asked for", 0),
    GRADED(test_create_uses_key,              "1.5",  1, "seg_create makes the segment for the key given", 0),
    GRADED(test_create_mode,                  "1.6",  1, "seg_create gives the segment the permission bits of mode", 0),
    GRADED(test_create_mode_masked,           "1.7",  1, "seg_create uses only mode & 0777", 0),
    GRADED(test_create_by_caller_unattached,  "1.8",  1, "seg_create makes the segment in the caller and leaves it unattached", 0),
    GRADED(test_create_existing_key,          "1.9",  2, "seg_create fails with EEXIST when the key has a segment", 0),
    GRADED(test_create_private_twice,         "1.10", 1, "seg_create with IPC_PRIVATE makes a new segment every time", 0),
    GRADED(test_create_size_zero,             "1.11", 1, "seg_create fails with EINVAL for size 0", 0),
    GRADED(test_shmcreate_program,            "1.12", 1, "shmcreate creates a segment from the command line", 0),
    GRADED(test_create_hygiene,               "1.13", 1, "no segment beyond those created, and nothing printed", 0),
    GRADED(test_create_memcheck,              "1.14", 1, "no memory errors (valgrind)", GT_SLOW),
};

JUDGE_MAIN("01-create", tests)
