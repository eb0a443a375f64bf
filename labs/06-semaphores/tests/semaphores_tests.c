/*
 * semaphores_tests.c: the graded tests of lab 06, the semaphore twins.
 *
 * Student code runs only in subject processes; these tests judge what they
 * return and what the kernel holds afterwards (IPC_STAT, GETVAL, GETNCNT,
 * GETPID), read from the test process. Sets the tests make themselves
 * (make_semset) are owned by the grader; the subject's user may use them
 * because their mode says so.
 *
 * Blocking is judged without racing the clock: a wait that blocks is seen
 * sleeping in semop by the kernel's own count of waiters (semncnt), and a
 * signal is known to be delivered once the kernel no longer holds it pending.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "counter.h"
#include "judge.h"
#include "semaphores_calls.h"
#include "semaphore_kit.h"

enum {
    SETTLE_MS        = 3000,    /* how long a call may take to sleep or return */
    STILL_BLOCKED_MS = 200,     /* a blocked call must still be blocked after this */
    RETURN_MS        = 3000,    /* how long an unblocked call may take to return */
    VALGRIND_MS      = 10000,   /* the same under valgrind */
    PROGRAM_MS       = 5000,    /* how long one run of semtool may take */
    BAD_SEMID        = 0x7fff,  /* names no set in a test's fresh namespace */
    SEMVMX_          = 32767    /* the largest semaphore value (SEMVMX) */
};

/* ------------------------------------------------------------------------
 * The kernel's view, from the test process
 * --------------------------------------------------------------------- */

static bool kernel_set_exists(int semid)
{
    struct semid_ds ds;

    return semaphore_set_stat(semid, &ds);
}

static int kernel_value(int semid, int num)
{
    return semaphore_get(semid, num, GETVAL);
}

/* How many processes sleep in semop waiting for semaphore num to grow. */
static int kernel_waiting(int semid, int num)
{
    return semaphore_get(semid, num, GETNCNT);
}

static void kernel_setval(int semid, int num, int value)
{
    union semun arg = { .val = value };

    ck_assert_msg(semctl(semid, num, SETVAL, arg) != -1,
                  "the test could not set semaphore %d of set %d: %s", num, semid, strerror(errno));
}

static void kernel_post(int semid, int num)
{
    struct sembuf op = { .sem_num = (unsigned short) num, .sem_op = 1, .sem_flg = 0 };

    ck_assert_msg(semop(semid, &op, 1) != -1,
                  "the test could not post semaphore %d of set %d: %s", num, semid, strerror(errno));
}

/* The set the kernel holds for key, or -1 when none. */
static int kernel_find(key_t key)
{
    return semget(key, 0, 0);
}

/* "1, 0, 2": every value of a set, for messages. */
static const char *kernel_values(int semid)
{
    static char text[128];
    struct semid_ds ds = stat_semaphore_set(semid);
    size_t used = 0;

    text[0] = '\0';
    for (unsigned long i = 0; i < ds.sem_nsems && used < sizeof text; i++) {
        int n = snprintf(text + used, sizeof text - used, "%s%d", i ? ", " : "",
                         kernel_value(semid, (int) i));
        used += n > 0 ? (size_t) n : 0;
    }
    return text;
}

/* A set of the test's own, with the values given, that the subject's user may
 * use (mode 0666). */
static int test_set(key_t key, int nsems, const int values[])
{
    int semid = make_semset(key, nsems, 0666);

    for (int i = 0; i < nsems; i++)
        kernel_setval(semid, i, values[i]);
    return semid;
}

/* Reads "Field:\t..." of /proc/PID/status; false when the line is missing. */
static bool proc_status_field(pid_t pid, const char *field, char *value, size_t size)
{
    char path[64], line[256];
    size_t len = strlen(field);
    bool found = false;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/status", (int) pid);
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "the test could not read %s: %s", path, strerror(errno));
    while (!found && fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, field, len) == 0 && line[len] == ':') {
            snprintf(value, size, "%s", line + len + 1);
            found = true;
        }
    }
    fclose(f);
    return found;
}

/* True while `sig` is sent to pid but not yet delivered (SigPnd, ShdPnd). */
static bool signal_pending(pid_t pid, int sig)
{
    const char *fields[] = { "SigPnd", "ShdPnd" };
    char value[128];

    for (size_t i = 0; i < 2; i++) {
        if (proc_status_field(pid, fields[i], value, sizeof value) &&
            (strtoull(value, NULL, 16) >> (sig - 1) & 1))
            return true;
    }
    return false;
}

/* The subject's user and group ids, from /proc. */
static void subject_ids(const struct subject *s, unsigned *uid, unsigned *gid)
{
    char value[128];

    ck_assert_msg(proc_status_field(subject_pid(s), "Uid", value, sizeof value) &&
                  sscanf(value, "%u", uid) == 1 &&
                  proc_status_field(subject_pid(s), "Gid", value, sizeof value) &&
                  sscanf(value, "%u", gid) == 1,
                  "the test could not find the subject's user");
}

/* Hands set semid to the subject's user and group (`as_owner`: the owner
 * may remove it), or to its group alone (the subject's class is then the
 * group's, the owner and creator staying the test's). */
static void hand_set_to(int semid, const struct subject *s, bool as_owner)
{
    struct semid_ds ds = stat_semaphore_set(semid);
    union semun arg = { .buf = &ds };
    unsigned uid, gid;

    subject_ids(s, &uid, &gid);
    ck_assert_msg(as_owner || gid != getegid(),
                  "test bug: the subject's group is the test's own, so no set can have the "
                  "one without the other");
    if (as_owner)
        ds.sem_perm.uid = uid;
    ds.sem_perm.gid = gid;
    ck_assert_msg(semctl(semid, 0, IPC_SET, arg) != -1,
                  "the test could not hand set %d to the subject's user: %s", semid, strerror(errno));
}

/* Makes the subject's user the set's owner, so that it may remove it. */
static void give_set_to(int semid, const struct subject *s)
{
    hand_set_to(semid, s, true);
}

/* ------------------------------------------------------------------------
 * Judging calls
 * --------------------------------------------------------------------- */

/* Requires `what` (the call in words) to have returned `want`. A -1 that no
 * system call reported (errno 0) is said before `mistake`. */
static void expect_return(const struct outcome *o, const char *what, int64_t want, const char *mistake)
{
    require_returned(o);
    ck_assert_msg(o->ret == want, "%s returned %lld (errno %s); expected %lld: %s%s",
                  what, (long long) o->ret, errname(o->err), (long long) want,
                  o->ret == -1 && o->err == 0
                      ? "errno is 0, so no system call failed: did a check of your own "
                        "return -1 before the call? " : "",
                  mistake);
}

/* Requires `what` to have failed with -1 and errno `err`. What was seen
 * comes before `mistake`: a failure turned into a success value (errno
 * holds the error expected), or a -1 that no system call reported (errno 0). */
static void expect_failure(const struct outcome *o, const char *what, int err, const char *mistake)
{
    require_returned(o);
    ck_assert_msg(o->ret == -1 && o->err == err,
                  "%s returned %lld with errno %s; expected -1 with errno %s: %s%s",
                  what, (long long) o->ret, errname(o->err), errname(err),
                  o->ret != -1 && o->err == err
                      ? "the system call failed as it should, and its failure turned into a "
                        "success value? "
                  : o->ret == -1 && o->err == 0
                      ? "errno is 0, so no system call reported a failure: did a check of "
                        "your own return -1 before the call? " : "",
                  mistake);
}

/* Requires a semset_create or semset_reopen to have returned an id (>= 0). */
static int expect_semid(const struct outcome *o, const char *what)
{
    require_returned(o);
    ck_assert_msg(o->ret >= 0, "%s failed: it returned %lld with errno %s (%s); "
                  "expected a semid (0 or more)", what, (long long) o->ret,
                  errname(o->err), describe_ipc());
    return (int) o->ret;
}

/* After SEND(s, semset_wait, semid, num): waits until the subject sleeps in
 * semop on semaphore num (the kernel counts it in semncnt) and returns true,
 * or until the call ends and returns false with *o filled. A call that does
 * neither within SETTLE_MS is busy: it runs without sleeping in the kernel. */
static bool sleeps_in_wait(struct subject *s, int semid, int num, struct outcome *o)
{
    long long deadline = clock_ms() + SETTLE_MS;

    for (;;) {
        if (kernel_waiting(semid, num) > 0)
            return true;
        for (int i = 0; i < (int) stat_semaphore_set(semid).sem_nsems; i++)
            ck_assert_msg(i == num || kernel_waiting(semid, i) == 0,
                          "semset_wait(semid, %d) sleeps on semaphore %d instead: a semop works "
                          "on the semaphore in sem_num, so set it to num", num, i);
        if (subject_await(s, 5, o))
            return false;
        ck_assert_msg(clock_ms() < deadline,
                      "semset_wait(semid, %d) neither returned nor slept in the kernel within "
                      "%d s while semaphore %d was 0 (semncnt stayed 0): a wait is one semop of "
                      "-1 without IPC_NOWAIT, which sleeps until a post; a loop that retries "
                      "IPC_NOWAIT spins instead", num, SETTLE_MS / 1000, num);
    }
}

/* Why a wait on a semaphore that is 0 came back at once, in the lecture's words. */
static const char *early_return_mistake(const struct outcome *o)
{
    if (o->ret == -1 && o->err == EAGAIN)
        return "EAGAIN is what semop says with IPC_NOWAIT: a wait must block, so sem_flg is 0";
    if (o->ret == 0)
        return "sem_op 0 waits until the value is zero; P takes 1 with sem_op -1, "
               "which sleeps while the value is 0";
    return "a wait on 0 sleeps in semop until another process posts";
}

/* ------------------------------------------------------------------------
 * semset_create
 * --------------------------------------------------------------------- */

/* Creates a set through the subject and checks what the kernel made. */
static void check_created(struct subject *s, key_t key, int nsems, int mode)
{
    char what[96];

    snprintf(what, sizeof what, "semset_create(key, %d, %s)", nsems, octal(mode));
    struct outcome o = CALL(s, semset_create, key, nsems, mode);
    int semid = expect_semid(&o, what);
    int found = kernel_find(key);
    ck_assert_msg(found != -1, "%s returned %d, but no set exists for the key (%s): pass key "
                  "to semget; IPC_PRIVATE makes a set that no key finds", what, semid,
                  describe_ipc());
    ck_assert_msg(found == semid, "%s returned %d, but the set the kernel holds for the key "
                  "is %d (%s): the result should be semget's id, unchanged", what, semid,
                  found, describe_ipc());

    struct semid_ds ds = stat_semaphore_set(semid);
    ck_assert_msg(ds.sem_nsems == (unsigned long) nsems,
                  "%s made a set of %lu semaphores, expected %d: semget's second argument "
                  "counts semaphores (where shmget's counts bytes); pass nsems",
                  what, (unsigned long) ds.sem_nsems, nsems);
    ck_assert_msg((ds.sem_perm.mode & 0777) == (unsigned) (mode & 0777),
                  "%s made a set with mode %s, expected %s: a new set's permission bits "
                  "come from semget's flags, which must carry mode & 0777 (semget(2))",
                  what, octal(ds.sem_perm.mode & 0777),
                  octal(mode & 0777));
}

/* semset_create(IPC_PRIVATE, ...) twice through the subject: two new sets. */
static void check_created_private(struct subject *s)
{
    int before = count_semsets();
    struct outcome o = CALL(s, semset_create, IPC_PRIVATE, 2, 0600);
    int first = expect_semid(&o, "semset_create(IPC_PRIVATE, 2, 0600)");

    o = CALL(s, semset_create, IPC_PRIVATE, 2, 0600);
    int second = expect_semid(&o, "a second semset_create(IPC_PRIVATE, 2, 0600)");
    ck_assert_msg(first != second && count_semsets() == before + 2,
                  "two calls of semset_create(IPC_PRIVATE, 2, 0600) returned %d and %d and "
                  "the namespace holds %s: IPC_PRIVATE is no key that a set can already "
                  "have, so each call makes a new set", first, second, describe_ipc());
}

START_TEST(test_create_exact_set)
{
    struct subject *s = subject_start();

    make_semset(test_key(99), 1, 0600);     /* takes id 0: test 6.3 judges that one */
    check_created(s, test_key(1), 3, 0640);
    check_created(s, test_key(2), 1, 0600);
    check_created(s, test_key(3), 2, 0100640);   /* bits above 0777 are not the mode's */
    ck_assert_msg(count_semsets() == 4, "three calls of semset_create should add three sets "
                  "to the test's own, found %s", describe_ipc());
    check_created_private(s);
}
END_TEST

START_TEST(test_create_existing_key)
{
    int values[] = { 5, 0 };
    int semid = test_set(test_key(1), 2, values);
    struct subject *s = subject_start();

    struct outcome o = CALL(s, semset_create, test_key(1), 2, 0600);
    require_returned(&o);
    ck_assert_msg(o.ret != semid || o.err != 0, "semset_create returned the id of the set "
                  "that already existed for the key (%d), with errno 0: with IPC_CREAT alone "
                  "semget reuses an existing set; add IPC_EXCL so that it fails with EEXIST",
                  semid);
    expect_failure(&o, "semset_create on a key that already has a set", EEXIST,
                   "an exclusive create fails with EEXIST then (semget(2)), and semset_create "
                   "reports that failure with errno as semget set it");
    ck_assert_msg(count_semsets() == 1 && kernel_value(semid, 0) == 5,
                  "the existing set must stay as it was, found %s", describe_ipc());

    o = CALL(s, semset_create, test_key(2), 1, 0600);
    expect_semid(&o, "semset_create(key 2, 1, 0600)");
    o = CALL(s, semset_create, test_key(2), 1, 0600);
    expect_failure(&o, "a second semset_create on the same key", EEXIST,
                   "semset_create makes a new set every time or fails: an exclusive create "
                   "(semget(2))");

    /* nsems past the edges: no set of 0 or fewer semaphores exists, nor one
     * of more than the kernel's limit (SEMMSL, 32000 by default) */
    const int bad_counts[] = { 0, -1, INT_MAX };
    for (size_t i = 0; i < sizeof bad_counts / sizeof bad_counts[0]; i++) {
        const char *what = fmt("semset_create(key 3, %d, 0600)", bad_counts[i]);
        int sets = count_semsets();

        o = CALL(s, semset_create, test_key(3), bad_counts[i], 0600);
        require_returned(&o);
        ck_assert_msg(count_semsets() == sets, "%s made a set (%s): semget makes no set of "
                      "%d semaphores and fails with EINVAL; pass nsems to it unchanged",
                      what, describe_ipc(), bad_counts[i]);
        expect_failure(&o, what, EINVAL, "semget fails with EINVAL for such a count, and "
                       "semset_create reports that failure with errno as semget set it");
    }
}
END_TEST

static const char semid_zero_hint[] =
    "semid 0 is valid (the first set of a namespace gets it) and only -1 means failure: "
    "look for a test like id <= 0 or !id";

/* After `what`, a call (op, name) on semid 0 with arguments a1, a2 that did
 * not return `want`: the same call on a new set with another id, whose
 * semaphore 0 holds `value`, shows whether the id 0 is the cause. Fails the
 * test with the hint that fits what was seen. */
static void judge_on_semid_zero(struct subject *s, const struct outcome *o, const char *what,
                                int op, const char *name, int64_t a1, int64_t a2,
                                int value, int64_t want)
{
    struct outcome again;

    require_returned(o);
    if (o->ret == want)
        return;
    int other = make_semset(test_key(2), 1, 0666);
    kernel_setval(other, 0, value);
    give_set_to(other, s);
    subject_send(s, op, name, (const int64_t[RPC_ARGS]){ other, a1, a2 }, NULL, 0);
    if (!subject_await(s, RETURN_MS, &again)) {
        subject_kill(s);
        ck_abort_msg("%s returned %lld (errno %s); expected %lld. The same call on set %d "
                     "blocks, so the id 0 is not the cause: see the tests of %s",
                     what, (long long) o->ret, errname(o->err), (long long) want, other, name);
    }
    ck_assert_msg(!again.returned || again.ret != want,
                  "%s returned %lld (errno %s); expected %lld, which the same call on set "
                  "%d returns: %s", what, (long long) o->ret, errname(o->err),
                  (long long) want, other, semid_zero_hint);
    ck_abort_msg("%s returned %lld (errno %s); expected %lld. The same call on set %d "
                 "fails too (%s), so the id 0 is not the cause: see the tests of %s",
                 what, (long long) o->ret, errname(o->err), (long long) want, other,
                 again.returned ? fmt("it returned %lld, errno %s", (long long) again.ret,
                                      errname(again.err)) : again.how, name);
}

START_TEST(test_semid_zero)
{
    struct subject *s = subject_start();
    struct outcome o;

    ck_assert_msg(count_semsets() == 0, "test bug: the namespace is not empty");
    o = CALL(s, semset_create, test_key(1), 1, 0600);
    require_returned(&o);
    ck_assert_msg(!(o.ret == -1 && count_semsets() == 1),
                  "semset_create returned -1 (errno %s) although the kernel made the set, "
                  "with id 0: %s", errname(o.err), semid_zero_hint);
    expect_return(&o, "semset_create in a fresh namespace", 0, semid_zero_hint);
    o = CALL(s, semset_reopen, test_key(1), 0600);
    expect_return(&o, "semset_reopen of the set with id 0", 0, semid_zero_hint);
    o = CALL(s, semset_setval, 0, 0, 2);
    judge_on_semid_zero(s, &o, "semset_setval(0, 0, 2)", OP_semset_setval, "semset_setval",
                        0, 2, 0, 0);
    ck_assert_msg(kernel_value(0, 0) == 2, "semset_setval(0, 0, 2) returned 0 but semaphore 0 "
                  "of set 0 is %d: SETVAL did not reach the set with id 0", kernel_value(0, 0));
    o = CALL(s, semset_getval, 0, 0);
    judge_on_semid_zero(s, &o, "semset_getval(0, 0)", OP_semset_getval, "semset_getval",
                        0, 0, 2, 2);
    o = CALL(s, semset_post, 0, 0);
    judge_on_semid_zero(s, &o, "semset_post(0, 0)", OP_semset_post, "semset_post", 0, 0, 2, 0);
    SEND(s, semset_wait, 0, 0);
    if (!subject_await(s, RETURN_MS, &o)) {
        int for_zero = semaphore_get(0, 0, GETZCNT);
        subject_kill(s);
        ck_abort_msg("semset_wait(0, 0) on the value %d blocked, expected it to take 1 at "
                     "once: %s", kernel_value(0, 0),
                     for_zero > 0 ? "it sleeps until the value becomes zero (semzcnt is 1): "
                                    "sem_op 0 waits for zero, the P operation takes 1"
                                  : "see the tests of semset_wait");
    }
    judge_on_semid_zero(s, &o, "semset_wait(0, 0) on a positive value", OP_semset_wait,
                        "semset_wait", 0, 0, 1, 0);
    o = CALL(s, semset_remove, 0);
    judge_on_semid_zero(s, &o, "semset_remove(0)", OP_semset_remove, "semset_remove", 0, 0,
                        0, 0);
    ck_assert_msg(!kernel_set_exists(0), "semset_remove(0) returned 0 but set 0 is still "
                  "there (%s): IPC_RMID did not reach the set with id 0", describe_ipc());
}
END_TEST

/* ------------------------------------------------------------------------
 * semset_reopen
 * --------------------------------------------------------------------- */

START_TEST(test_reopen_finds_set)
{
    int values[] = { 0, 0, 0 };
    int big = test_set(test_key(1), 3, values);
    int one = test_set(test_key(2), 1, values);
    struct subject *s = subject_start();
    const char *mistake = "reopening finds the set that exists for key, whatever its number "
                          "of semaphores: a lookup asks for no particular count (semget(2); "
                          "the README, \"semget\")";

    struct outcome o = CALL(s, semset_reopen, test_key(2), 0600);
    expect_return(&o, "semset_reopen(key of a 1-semaphore set, 0600)", one, mistake);
    o = CALL(s, semset_reopen, test_key(1), 0400);
    expect_return(&o, "semset_reopen(key of a 3-semaphore set, 0400)", big, mistake);
    o = CALL(s, semset_reopen, test_key(1), 0);
    expect_return(&o, "semset_reopen(key, 0)", big, mistake);

    /* 03000 is IPC_CREAT | IPC_EXCL: bits of the int, not of the mode */
    o = CALL(s, semset_reopen, test_key(1), 03600);
    require_returned(&o);
    ck_assert_msg(!(o.ret == -1 && o.err == EEXIST),
                  "semset_reopen(key of a set, 03600) failed with EEXIST: 03600 is 0600 plus "
                  "the bits of IPC_CREAT | IPC_EXCL (03000), which reached semget; the access "
                  "asked for is mode & 0777 and nothing else of it");
    expect_return(&o, "semset_reopen(key of a 3-semaphore set, 03600)", big,
                  "only mode & 0777 is the access asked for");
    ck_assert_msg(count_semsets() == 2, "semset_reopen must not make sets, found %s",
                  describe_ipc());
}
END_TEST

START_TEST(test_reopen_never_creates)
{
    int values[] = { 0 };
    struct subject *s = subject_start();

    test_set(test_key(1), 1, values);
    struct outcome o = CALL(s, semset_reopen, test_key(2), 0600);
    require_returned(&o);
    ck_assert_msg(count_semsets() == 1, "semset_reopen on a key without a set made one (%s): "
                  "reopening never creates, so semget gets no IPC_CREAT", describe_ipc());
    expect_failure(&o, "semset_reopen on a key without a set", ENOENT,
                   "without IPC_CREAT semget fails with ENOENT, and semset_reopen reports "
                   "that failure with errno as semget set it");

    /* 01000 is IPC_CREAT: a bit of the int, not of the mode */
    o = CALL(s, semset_reopen, test_key(2), 01600);
    require_returned(&o);
    ck_assert_msg(count_semsets() == 1, "semset_reopen(key without a set, 01600) made a set "
                  "(%s): 01600 is 0600 plus the bit of IPC_CREAT (01000), which reached "
                  "semget; only mode & 0777 is the access asked for", describe_ipc());
    expect_failure(&o, "semset_reopen(key without a set, 01600)", ENOENT,
                   o.err == EINVAL ? "semget refuses nsems 0 with EINVAL only when it tries "
                   "to create: 01600 is 0600 plus the bit of IPC_CREAT (01000), which reached "
                   "semget; only mode & 0777 is the access asked for"
                   : "only mode & 0777 is the access asked for");

    /* IPC_PRIVATE names a new set whenever semget may make one */
    o = CALL(s, semset_reopen, IPC_PRIVATE, 0600);
    require_returned(&o);
    ck_assert_msg(count_semsets() == 1, "semset_reopen(IPC_PRIVATE, 0600) made a set (%s): for "
                  "IPC_PRIVATE semget makes a new set even without IPC_CREAT, unless nsems is "
                  "0; a lookup asks for no particular number of semaphores",
                  describe_ipc());
    ck_assert_msg(o.ret == -1, "semset_reopen(IPC_PRIVATE, 0600) returned %lld (errno %s); "
                  "expected -1: no set exists for IPC_PRIVATE to be found", (long long) o.ret,
                  errname(o.err));
}
END_TEST

START_TEST(test_reopen_access)
{
    struct subject *s = subject_start();
    int readonly = make_semset(test_key(1), 1, 0444);
    const char *mistake = "semget checks the access in the permission bits of its flags, so "
                          "they must carry mode & 0777; flags without them ask for no access "
                          "at all (semget(2))";

    make_semset(test_key(2), 1, 0);
    struct outcome o = CALL(s, semset_reopen, test_key(1), 0600);
    expect_failure(&o, "semset_reopen(key of a 0444 set, 0600)", EACCES, mistake);
    o = CALL(s, semset_reopen, test_key(2), 0400);
    expect_failure(&o, "semset_reopen(key of a set with mode 0, 0400)", EACCES, mistake);
    o = CALL(s, semset_reopen, test_key(1), 0400);
    expect_return(&o, "semset_reopen(key of a 0444 set, 0400)", readonly,
                  "reading is granted by 0444, so asking for 0400 finds the set");
}
END_TEST

/* ------------------------------------------------------------------------
 * semset_setval, semset_getval
 * --------------------------------------------------------------------- */

/* semset_setval(semid, num, value) through s; checks the kernel's values. */
static void check_setval(struct subject *s, int semid, int num, int value)
{
    char what[64];

    snprintf(what, sizeof what, "semset_setval(semid, %d, %d)", num, value);
    struct outcome o = CALL(s, semset_setval, semid, num, value);
    expect_return(&o, what, 0, "SETVAL sets one semaphore, and semctl returns 0 when it did "
                  "(semctl(2); the README, \"semctl\")");
    ck_assert_msg(kernel_value(semid, num) == value,
                  "after %s semaphore %d is %d (values now %s): SETVAL sets the semaphore "
                  "numbered semctl's second argument to the union semun's .val; pass num, and "
                  "value in a union semun", what, num, kernel_value(semid, num),
                  kernel_values(semid));
}

START_TEST(test_setval_getval)
{
    int values[] = { 0, 0, 0 };
    int semid = test_set(test_key(1), 3, values);
    struct subject *s = subject_start();
    const char *mistake = "GETVAL's result is the value of the semaphore numbered semctl's "
                          "second argument (semctl(2))";

    check_setval(s, semid, 2, SEMVMX_);
    check_setval(s, semid, 0, 3);
    check_setval(s, semid, 0, 0);
    check_setval(s, semid, 1, 7);
    kernel_setval(semid, 0, 4);
    struct outcome o = CALL(s, semset_getval, semid, 0);
    expect_return(&o, "semset_getval(semid, 0)", 4, mistake);
    o = CALL(s, semset_getval, semid, 1);
    expect_return(&o, "semset_getval(semid, 1)", 7, mistake);
    o = CALL(s, semset_getval, semid, 2);
    expect_return(&o, "semset_getval(semid, 2)", SEMVMX_, mistake);
}
END_TEST

START_TEST(test_setval_getval_errors)
{
    int values[] = { 4, 0 };
    int semid = test_set(test_key(1), 2, values);
    struct subject *s = subject_start();
    const char *unchecked = "check semctl's result and return -1 when it fails, with errno "
                            "as semctl set it";
    const char *zero = "0 is a real semaphore value, so failure must be -1: semctl's GETVAL "
                       "already returns -1 on failure";

    struct outcome o = CALL(s, semset_setval, semid, 0, SEMVMX_ + 1);
    expect_failure(&o, "semset_setval(semid, 0, 32768)", ERANGE, unchecked);
    o = CALL(s, semset_setval, semid, 0, -1);
    expect_failure(&o, "semset_setval(semid, 0, -1)", ERANGE, unchecked);
    o = CALL(s, semset_setval, semid, 0, INT_MAX);
    expect_failure(&o, "semset_setval(semid, 0, INT_MAX)", ERANGE, unchecked);
    o = CALL(s, semset_setval, semid, 0, INT_MIN);
    expect_failure(&o, "semset_setval(semid, 0, INT_MIN)", ERANGE, unchecked);
    ck_assert_msg(kernel_value(semid, 0) == 4, "a failed semset_setval changed semaphore 0 "
                  "from 4 to %d", kernel_value(semid, 0));
    o = CALL(s, semset_setval, BAD_SEMID, 0, 1);
    expect_failure(&o, "semset_setval on an id that names no set", EINVAL, unchecked);
    o = CALL(s, semset_setval, semid, 2, 1);
    expect_failure(&o, "semset_setval(semid, 2, 1) on a set of 2 semaphores", EINVAL, unchecked);
    o = CALL(s, semset_setval, semid, -1, 1);
    expect_failure(&o, "semset_setval(semid, -1, 1)", EINVAL, unchecked);
    ck_assert_msg(strcmp(kernel_values(semid), "4, 0") == 0, "failed calls of semset_setval "
                  "changed the set: its values are %s, expected 4, 0", kernel_values(semid));
    o = CALL(s, semset_getval, semid, 2);
    expect_failure(&o, "semset_getval(semid, 2) on a set of 2 semaphores", EINVAL, zero);
    o = CALL(s, semset_getval, semid, -1);
    expect_failure(&o, "semset_getval(semid, -1)", EINVAL, zero);
    o = CALL(s, semset_getval, BAD_SEMID, 0);
    expect_failure(&o, "semset_getval on an id that names no set", EINVAL, zero);
}
END_TEST

/* ------------------------------------------------------------------------
 * semset_post, semset_wait
 * --------------------------------------------------------------------- */

/* Calls post or wait (`op`, `name`) on semaphore num and requires it to
 * return 0 within timeout_ms; `blocked` says why it might block instead. */
static void call_unblocked(struct subject *s, int op, const char *name, int semid, int num,
                           int timeout_ms, const char *blocked)
{
    struct outcome o;
    char what[64];

    snprintf(what, sizeof what, "%s(semid, %d)", name, num);
    subject_send(s, op, name, (const int64_t[RPC_ARGS]){ semid, num }, NULL, 0);
    if (!subject_await(s, timeout_ms, &o)) {
        subject_kill(s);
        ck_abort_msg("%s blocked (values %s): %s", what, kernel_values(semid), blocked);
    }
    expect_return(&o, what, 0, "semop returns 0 when the operation is done");
}

START_TEST(test_post)
{
    int values[] = { 0, 5, 0 };
    int semid = test_set(test_key(1), 3, values);
    struct subject *s = subject_start();
    const char *v_adds = "V adds 1: one semop with sem_op +1 on sem_num num";

    ck_assert_msg(stat_semaphore_set(semid).sem_otime == 0, "test bug: a new set has sem_otime 0");
    call_unblocked(s, OP_semset_post, "semset_post", semid, 1, RETURN_MS, v_adds);
    ck_assert_msg(kernel_value(semid, 1) == 6 && kernel_value(semid, 0) == 0,
                  "after semset_post(semid, 1) on values 0, 5, 0 the values are %s, expected "
                  "0, 6, 0: %s (sem_op -1 is the wait)", kernel_values(semid), v_adds);
    call_unblocked(s, OP_semset_post, "semset_post", semid, 2, RETURN_MS,
                   "a post never blocks: sem_op +1, where -1 would wait for a post");
    ck_assert_msg(kernel_value(semid, 2) == 1, "after semset_post(semid, 2) on 0 the values are "
                  "%s, expected 0, 6, 1: %s", kernel_values(semid), v_adds);
    ck_assert_msg(stat_semaphore_set(semid).sem_otime != 0,
                  "the values changed but the set's sem_otime is still 0, so no semop was made: "
                  "a post must be one semop of +1; GETVAL then SETVAL loses a post when two "
                  "processes post at once");
    ck_assert_msg(semaphore_get(semid, 2, GETPID) == subject_pid(s),
                  "the kernel says process %d last changed semaphore 2, not the process that "
                  "called semset_post (%d): post in the calling process",
                  semaphore_get(semid, 2, GETPID), (int) subject_pid(s));
}
END_TEST

START_TEST(test_wait_takes_one)
{
    int values[] = { 1, 0, 2 };
    int semid = test_set(test_key(1), 3, values);
    struct subject *s = subject_start();

    call_unblocked(s, OP_semset_wait, "semset_wait", semid, 2, RETURN_MS,
                   "semaphore 2 was 2, so P takes 1 at once: sem_op -1 on sem_num num "
                   "(sem_op 0 waits until the value is 0)");
    ck_assert_msg(kernel_value(semid, 2) == 1 && kernel_value(semid, 0) == 1,
                  "after semset_wait(semid, 2) on values 1, 0, 2 the values are %s, expected "
                  "1, 0, 1: P is one semop with sem_op -1 on sem_num num", kernel_values(semid));
    ck_assert_msg(stat_semaphore_set(semid).sem_otime != 0,
                  "the set's sem_otime is still 0, so no semop was made: a wait is one semop "
                  "of -1, the kernel's atomic test-and-decrement");
}
END_TEST

START_TEST(test_wait_blocks_until_post)
{
    int values[] = { 0, 0 };
    int semid = test_set(test_key(1), 2, values);
    struct subject *waiter = subject_start();
    struct subject *poster = subject_start();
    struct outcome o;

    SEND(waiter, semset_wait, semid, 1);
    if (!sleeps_in_wait(waiter, semid, 1, &o)) {
        require_returned(&o);
        ck_abort_msg("semset_wait(semid, 1) returned %lld (errno %s) at once while semaphore 1 "
                     "was 0: %s", (long long) o.ret, errname(o.err), early_return_mistake(&o));
    }
    ck_assert_msg(!subject_await(waiter, STILL_BLOCKED_MS, &o),
                  "semset_wait(semid, 1) returned %lld although nobody posted", (long long) o.ret);

    o = CALL(poster, semset_post, semid, 1);
    expect_return(&o, "semset_post(semid, 1) from a second process", 0,
                  "a post adds 1 and returns 0 (see the post test)");
    if (!subject_await(waiter, RETURN_MS, &o)) {
        subject_kill(waiter);
        ck_abort_msg("semset_wait(semid, 1) still sleeps after another process posted "
                     "(values %s): the wait and the post must use the same semaphore num",
                     kernel_values(semid));
    }
    expect_return(&o, "semset_wait(semid, 1) once another process posted", 0,
                  "the post wakes the waiter, whose semop then returns 0");
    ck_assert_msg(kernel_value(semid, 1) == 0 && kernel_value(semid, 0) == 0,
                  "after a post and the wait it woke the values are %s, expected 0, 0",
                  kernel_values(semid));
}
END_TEST

START_TEST(test_wait_resumes_after_signal)
{
    int values[] = { 0 };
    int semid = test_set(test_key(1), 1, values);
    struct subject *s = subject_start();
    struct outcome o = COMMON(s, OP_CATCH, SIGUSR1);
    long long deadline;

    ck_assert_msg(o.returned && o.ret == 0, "test bug: the subject could not catch SIGUSR1");
    SEND(s, semset_wait, semid, 0);
    if (!sleeps_in_wait(s, semid, 0, &o)) {
        require_returned(&o);
        ck_abort_msg("semset_wait(semid, 0) returned %lld (errno %s) at once while semaphore 0 "
                     "was 0: %s", (long long) o.ret, errname(o.err), early_return_mistake(&o));
    }

    /* Once the kernel no longer holds the signal pending, the handler has run
     * and semop has left its queue: the wait either sleeps again or returns. */
    ck_assert_msg(kill(subject_pid(s), SIGUSR1) == 0, "test bug: kill: %s", strerror(errno));
    deadline = clock_ms() + SETTLE_MS;
    while (signal_pending(subject_pid(s), SIGUSR1)) {
        ck_assert_msg(clock_ms() < deadline, "test bug: SIGUSR1 was never delivered");
        pause_ms(2);
    }
    if (!sleeps_in_wait(s, semid, 0, &o)) {
        require_returned(&o);
        ck_assert_msg(!(o.ret == -1 && o.err == EINTR),
                      "semset_wait returned -1 with EINTR when a signal handler ran while it "
                      "waited: semop always fails with EINTR then (even with SA_RESTART), which "
                      "is not a failure of the wait; call semop again while it fails with EINTR");
        ck_abort_msg("semset_wait returned %lld (errno %s) when a signal handler ran, although "
                     "nobody posted: semop failed with EINTR; call semop again while it fails "
                     "with EINTR, and return its result", (long long) o.ret, errname(o.err));
    }

    kernel_post(semid, 0);
    if (!subject_await(s, RETURN_MS, &o)) {
        subject_kill(s);
        ck_abort_msg("semset_wait still sleeps after a signal and then a post (value %s)",
                     kernel_values(semid));
    }
    expect_return(&o, "semset_wait, interrupted by a signal and then posted", 0,
                  "after EINTR the wait goes on and returns 0 once it took the post");
    o = COMMON(s, OP_CAUGHT, 0);
    ck_assert_msg(o.returned && o.ret == 1, "test bug: the handler counted %lld signals, not 1",
                  (long long) o.ret);
    ck_assert_msg(kernel_value(semid, 0) == 0, "the wait returned 0 but the semaphore is %d, "
                  "expected 0", kernel_value(semid, 0));
}
END_TEST

START_TEST(test_post_survives_exit)
{
    int values[] = { 0 };
    int semid = test_set(test_key(1), 1, values);
    struct subject *s = subject_start();

    struct outcome o = CALL(s, semset_post, semid, 0);
    expect_return(&o, "semset_post(semid, 0)", 0, "semop returns 0 when it posted");
    ck_assert_msg(kernel_value(semid, 0) == 1, "semset_post(semid, 0) on 0 left %d, expected 1",
                  kernel_value(semid, 0));
    subject_finish(s);
    ck_assert_msg(kernel_value(semid, 0) == 1,
                  "the semaphore went back from 1 to %d when the process that posted exited: "
                  "SEM_UNDO makes the kernel undo a process's operations when it exits, which "
                  "takes the post back before anyone could wait for it; use sem_flg 0",
                  kernel_value(semid, 0));
}
END_TEST

START_TEST(test_wait_survives_exit)
{
    int values[] = { 1 };
    int semid = test_set(test_key(1), 1, values);
    struct subject *s = subject_start();

    struct outcome o = CALL(s, semset_wait, semid, 0);
    expect_return(&o, "semset_wait(semid, 0) on 1", 0, "semop returns 0 when it took 1");
    ck_assert_msg(kernel_value(semid, 0) == 0, "semset_wait(semid, 0) on 1 left %d, expected 0",
                  kernel_value(semid, 0));
    subject_finish(s);
    ck_assert_msg(kernel_value(semid, 0) == 0,
                  "the semaphore went back from 0 to %d when the process that waited exited: "
                  "SEM_UNDO makes the kernel give back what a process took when it exits, so "
                  "a post meant for one waiter is handed out again; use sem_flg 0",
                  kernel_value(semid, 0));
}
END_TEST

START_TEST(test_wait_fails_eidrm)
{
    int values[] = { 0 };
    int semid = test_set(test_key(1), 1, values);
    struct subject *s = subject_start();
    struct outcome o;

    SEND(s, semset_wait, semid, 0);
    if (!sleeps_in_wait(s, semid, 0, &o)) {
        require_returned(&o);
        ck_abort_msg("semset_wait(semid, 0) returned %lld (errno %s) at once while semaphore 0 "
                     "was 0: %s", (long long) o.ret, errname(o.err), early_return_mistake(&o));
    }
    ck_assert_msg(semctl(semid, 0, IPC_RMID) != -1, "test bug: IPC_RMID: %s", strerror(errno));
    if (!subject_await(s, RETURN_MS, &o)) {
        long cpu = subject_cpu_ms(s);

        subject_kill(s);
        ck_abort_msg("semset_wait did not return within %d s after its set was removed "
                     "(%ld ms of CPU used): semop fails with EIDRM then, and EINVAL after; "
                     "try semop again only when it fails with EINTR, and return -1 for any "
                     "other error", RETURN_MS / 1000, cpu);
    }
    expect_failure(&o, "semset_wait when its set is removed while it waits", EIDRM,
                   "semop fails with EIDRM; return -1 and leave errno as semop set it");
}
END_TEST

/* ------------------------------------------------------------------------
 * semset_remove
 * --------------------------------------------------------------------- */

START_TEST(test_remove)
{
    int values[] = { 3, 0 };
    int semid = test_set(test_key(1), 2, values);
    struct subject *s = subject_start();
    const char *mistake = "semctl's IPC_RMID removes a whole set (semctl(2); the README, "
                          "\"semctl\")";

    give_set_to(semid, s);
    struct outcome o = CALL(s, semset_remove, semid);
    require_returned(&o);
    ck_assert_msg(!(o.ret == -1 && o.err == EINVAL && kernel_set_exists(semid)),
                  "semset_remove returned -1 with EINVAL although the set exists (%s): %s; "
                  "shmctl is the twin for segments, and no segment has this id",
                  describe_ipc(), mistake);
    expect_return(&o, "semset_remove(semid)", 0, mistake);
    ck_assert_msg(!kernel_set_exists(semid) && count_semsets() == 0,
                  "semset_remove returned 0 but the set is still there (%s): %s",
                  describe_ipc(), mistake);
    o = CALL(s, semset_remove, semid);
    expect_failure(&o, "semset_remove of a set removed before", EINVAL,
                   "semctl fails with EINVAL for an id that names no set; return -1 then");
}
END_TEST

/* ------------------------------------------------------------------------
 * semtool, end to end
 * --------------------------------------------------------------------- */

/* "semtool create FILE 2 0640": a command line for messages, the key file as FILE. */
static const char *command_text(const char *const argv[])
{
    static char text[256];
    size_t used = 0;

    text[0] = '\0';
    for (size_t i = 0; argv[i] != NULL && used < sizeof text; i++) {
        int n = snprintf(text + used, sizeof text - used, "%s%s", i ? " " : "",
                         i == 2 ? "FILE" : argv[i]);
        used += n > 0 ? (size_t) n : 0;
    }
    return text;
}

/* Runs semtool and requires exit status 0. */
static struct program_result semtool_ok(const char *const argv[])
{
    struct program_result r = run_program(argv, NULL, PROGRAM_MS);

    require_program_ok(&r, command_text(argv));
    return r;
}

/* Runs semtool and requires status 1 and one error line on stderr saying
 * `expected`. */
static void semtool_fails(const char *const argv[], const char *expected)
{
    struct program_result r = run_program(argv, NULL, PROGRAM_MS);

    require_program_error(&r, command_text(argv), expected);
}

START_TEST(test_semtool)
{
    const char *file = key_file("semtool.key");
    key_t key = ftok(file, 1);
    const char *create_args[] = { "semtool", "create", file, "2", "0640", NULL };
    const char *set_args[] = { "semtool", "set", file, "1", "5", NULL };
    const char *show_args[] = { "semtool", "show", file, NULL };
    const char *wait_args[] = { "semtool", "wait", file, "0", NULL };
    const char *post_args[] = { "semtool", "post", file, "0", NULL };
    const char *remove_args[] = { "semtool", "remove", file, NULL };
    const char *help_args[] = { "semtool", "--help", NULL };
    struct program_result r;
    long long deadline;

    ck_assert_msg(key != (key_t) -1, "test bug: ftok: %s", strerror(errno));
    semtool_ok(create_args);
    int semid = kernel_find(key);
    ck_assert_msg(semid != -1 && stat_semaphore_set(semid).sem_nsems == 2 &&
                  (stat_semaphore_set(semid).sem_perm.mode & 0777) == 0640,
                  "`semtool create FILE 2 0640` should make a set of 2 semaphores with mode "
                  "0640 for ftok(FILE, 1); found %s", describe_ipc());
    semtool_fails(create_args, "File exists");

    semtool_ok(set_args);
    ck_assert_msg(kernel_value(semid, 1) == 5, "`semtool set FILE 1 5` left semaphore 1 at %d",
                  kernel_value(semid, 1));
    r = semtool_ok(show_args);
    ck_assert_msg(strstr(r.out, "value 5") != NULL, "`semtool show` should show semaphore 1 "
                  "with value 5; it printed: %s", one_line(r.out));

    struct program *waiter = program_start(wait_args, NULL);
    deadline = clock_ms() + SETTLE_MS;
    while (kernel_waiting(semid, 0) == 0 && clock_ms() < deadline)
        pause_ms(2);
    if (kernel_waiting(semid, 0) != 1) {
        r = program_wait(waiter, 0);
        ck_abort_msg("`semtool wait FILE 0` on 0 should sleep in semset_wait until a post; "
                     "it %s (stdout: %s; stderr: %s)",
                     r.returned ? "ended at once" : "did not sleep in semop (semncnt 0)",
                     one_line(r.out), one_line(r.err));
    }
    semtool_ok(post_args);
    r = program_wait(waiter, RETURN_MS);
    ck_assert_msg(r.returned && r.status == 0, "`semtool wait` should end with status 0 once "
                  "`semtool post` ran; it %s (stderr: %s)",
                  r.returned ? "exited with an error" : "still waited", one_line(r.err));
    ck_assert_msg(kernel_value(semid, 0) == 0, "after a wait and a post semaphore 0 is %d, "
                  "expected 0", kernel_value(semid, 0));

    semtool_ok(remove_args);
    ck_assert_msg(count_semsets() == 0, "`semtool remove FILE` left %s", describe_ipc());
    semtool_fails(show_args, "No such file or directory");
    r = semtool_ok(help_args);
    ck_assert_msg(strstr(r.out, "usage") != NULL, "`semtool --help` printed no usage: %s",
                  one_line(r.out));
}
END_TEST

/* ------------------------------------------------------------------------
 * semset_post and semset_wait when they fail
 * --------------------------------------------------------------------- */

START_TEST(test_post_wait_errors)
{
    int values[] = { SEMVMX_, 0 };
    int semid = test_set(test_key(1), 2, values);
    struct subject *s = subject_start();
    const char *as_semop = "return -1 and call nothing after the failing semop, so that errno "
                           "stays as semop set it";

    struct outcome o = CALL(s, semset_post, BAD_SEMID, 0);
    expect_failure(&o, "semset_post on an id that names no set", EINVAL,
                   fmt("semop fails with EINVAL for an id that names no set; %s", as_semop));
    o = CALL(s, semset_post, semid, 2);
    expect_failure(&o, "semset_post(semid, 2) on a set of 2 semaphores", EFBIG,
                   fmt("semop fails with EFBIG for a sem_num outside the set (where "
                       "semctl says EINVAL); %s", as_semop));
    o = CALL(s, semset_post, semid, 0);
    expect_failure(&o, "semset_post(semid, 0) on 32767", ERANGE,
                   fmt("semop fails with ERANGE when a value would pass 32767; %s", as_semop));
    o = CALL(s, semset_wait, BAD_SEMID, 0);
    expect_failure(&o, "semset_wait on an id that names no set", EINVAL,
                   fmt("semop fails with EINVAL for an id that names no set; %s", as_semop));
    o = CALL(s, semset_wait, semid, 2);
    expect_failure(&o, "semset_wait(semid, 2) on a set of 2 semaphores", EFBIG,
                   fmt("semop fails with EFBIG for a sem_num outside the set (where "
                       "semctl says EINVAL); %s", as_semop));
    ck_assert_msg(strcmp(kernel_values(semid), "32767, 0") == 0, "failed calls of semset_post "
                  "and semset_wait changed the set: its values are %s, expected 32767, 0",
                  kernel_values(semid));
}
END_TEST

/* ------------------------------------------------------------------------
 * A mutex made of semset_wait and semset_post: counter --lock
 * --------------------------------------------------------------------- */

enum {
    COUNTER_PROCS     = 4,
    COUNTER_TIMES     = 2000,
    COUNTER_BUDGET_MS = 150,    /* runs of counter --lock go on until one shows a fault or this passes */
    COUNTER_RUNS_MAX  = 8
};

/* The command line of the test's runs ("counter --lock -p 4 -n 2000 -w 0"),
 * without --keep, for messages. */
static const char *counter_command(void)
{
    return fmt("counter --lock -p %d -n %d -w 0", COUNTER_PROCS, COUNTER_TIMES);
}

/* What one run of counter --lock --keep left in the kernel. */
struct counter_run {
    long counted;      /* the counter in the segment */
    long overlaps;     /* increments begun while another process was inside one */
    int  lock_value;   /* the lock's value at the end: a mutex ends open, at 1 */
};

/* Runs counter --lock --keep, reads the segment and the semaphore set it
 * left (from the kernel, through the ids it printed), and removes them.
 * Fails the test when the run did not get as far as counting. */
static struct counter_run run_counter(void)
{
    char procs[16], times[16];
    const char *argv[] = { "counter", "--lock", "--keep", "-p", procs, "-n", times, "-w", "0",
                           NULL };

    snprintf(procs, sizeof procs, "%d", COUNTER_PROCS);
    snprintf(times, sizeof times, "%d", COUNTER_TIMES);
    struct program_result r = run_program(argv, NULL, PROGRAM_MS);
    const char *kept = strstr(r.out, "kept segment ");
    int shmid, lock;

    ck_assert_msg(r.returned, "`%s` did not end within %d s (stdout: %s; stderr: %s): its "
                  "processes take the lock with semset_wait and give it back with "
                  "semset_post, so they stop for good when a post does not add 1, when a "
                  "wait is not woken by a post, or when SEM_UNDO takes the posts of a process "
                  "that ended back (see 6.9 to 6.14)", counter_command(), PROGRAM_MS / 1000,
                  one_line(r.out), one_line(r.err));
    ck_assert_msg(kept != NULL && sscanf(kept, "kept segment %d and semaphore set %d",
                                         &shmid, &lock) == 2,
                  "`%s` did not get to count (exit status %d; stderr: %s): it makes its lock "
                  "with semset_create and semset_setval (see 6.1, 6.3 and 6.7)", counter_command(),
                  r.status, one_line(r.err));

    struct counter_run run = { 0, 0, kernel_value(lock, 0) };
    const struct counter_shared *shared = shmat(shmid, NULL, SHM_RDONLY);
    ck_assert_msg(shared != (void *) -1, "test bug: shmat of counter's segment %d: %s", shmid,
                  strerror(errno));
    run.counted = shared->count;
    run.overlaps = atomic_load(&shared->overlaps);
    shmdt(shared);
    ck_assert_msg(shmctl(shmid, IPC_RMID, NULL) != -1 && semctl(lock, 0, IPC_RMID) != -1,
                  "test bug: removing what counter kept: %s", strerror(errno));
    ck_assert_msg(r.err[0] == '\0', "a process of `%s` reported a failure: %s; each takes and "
                  "gives back the lock %d times, and every semset_wait and semset_post should "
                  "return 0 (see 6.9 and 6.10)", counter_command(), one_line(r.err),
                  COUNTER_TIMES);
    return run;
}

/* A process of the test's own that posts semaphore num of semid with
 * SEM_UNDO, so that the kernel keeps an undo record of -1 for it, and then
 * waits; it exits, and the kernel applies its record, when *release is
 * closed. Returns its pid. */
static pid_t start_undo_poster(int semid, int num, int *release)
{
    int ready[2], hold[2];
    char byte = 0;

    ck_assert_msg(pipe(ready) == 0 && pipe(hold) == 0, "test bug: pipe: %s", strerror(errno));
    pid_t pid = fork();
    ck_assert_msg(pid != -1, "test bug: fork: %s", strerror(errno));
    if (pid == 0) {
        struct sembuf op = { .sem_num = (unsigned short) num, .sem_op = 1, .sem_flg = SEM_UNDO };

        close(ready[0]);
        close(hold[1]);
        if (semop(semid, &op, 1) == -1 || write(ready[1], &byte, 1) != 1)
            _exit(1);
        while (read(hold[0], &byte, 1) > 0)
            ;
        _exit(0);
    }
    close(ready[1]);
    close(hold[0]);
    ck_assert_msg(read(ready[0], &byte, 1) == 1, "test bug: the test's poster could not post");
    close(ready[0]);
    *release = hold[1];
    return pid;
}

/* The wait takes its 1 with one semop: it leaves alone the kernel's undo
 * records, which only SETVAL and SETALL wipe (semctl(2): "undo entries for
 * the corresponding semaphore are cleared in all processes"). A take
 * written with SETVAL comes after a read of the value: two steps. */
static void check_wait_keeps_undo_records(void)
{
    int values[] = { 5 };
    int semid = test_set(test_key(1), 1, values);
    int release;
    pid_t poster = start_undo_poster(semid, 0, &release);
    struct subject *s = subject_start();

    struct outcome o = CALL(s, semset_wait, semid, 0);
    expect_return(&o, "semset_wait(semid, 0) on 6", 0, "see 6.10");
    close(release);
    ck_assert_msg(waitpid(poster, NULL, 0) == poster, "test bug: waitpid: %s", strerror(errno));
    int left = kernel_value(semid, 0);
    ck_assert_msg(left != 5, "semset_wait(semid, 0) took 1 from 6, but it also wiped the undo "
                  "record of another process's SEM_UNDO post (when that process exited the "
                  "kernel no longer took its post back, and the value stayed 5 where 4 was "
                  "due); only SETVAL and SETALL wipe undo records (semctl(2)), so the wait "
                  "wrote the new value with SETVAL after reading the old one. That is not one "
                  "atomic step: between the read and the write another process can take the "
                  "same 1, and two processes hold a lock at once. A wait is one semop of -1");
    ck_assert_msg(left == 4, "5, plus 1 from a SEM_UNDO post, minus 1 from semset_wait, minus "
                  "the post undone when its process exited should leave 4; semaphore 0 is %d",
                  left);
}

START_TEST(test_mutex)
{
    const long expected = (long) COUNTER_PROCS * COUNTER_TIMES;
    long long deadline = clock_ms() + COUNTER_BUDGET_MS;
    int runs = 0;

    do {
        struct counter_run run = run_counter();

        runs++;
        if (run.counted == expected && run.overlaps == 0 && run.lock_value == 1)
            continue;
        ck_abort_msg("`%s` (%d processes, each adding 1 to a shared counter %d times between "
                     "semset_wait and semset_post on a semaphore set to 1) counted %ld of %ld; "
                     "%ld increment%s began while another process was inside one; the lock "
                     "ended at %d, where a lock that each process took and gave back ends at "
                     "1; and every semset_wait and semset_post returned 0 (run %d): %s",
                     counter_command(), COUNTER_PROCS, COUNTER_TIMES, run.counted, expected,
                     run.overlaps, run.overlaps == 1 ? "" : "s", run.lock_value, runs,
                     run.lock_value > 1
                         ? "more waits returned than the lock had 1s to give, so two waits "
                           "took the same 1 (unless SEM_UNDO gave back what the waits took "
                           "when their processes exited: see 6.14). A wait must test the "
                           "value and take 1 in one "
                           "atomic step, which one semop of -1 is; a check of the value "
                           "followed by a separate take (GETVAL, SETVAL, a second semop) lets "
                           "two processes both see 1"
                     : run.lock_value == 1
                         ? "two processes held the lock at once. A wait must test the value "
                           "and take 1 in one atomic step, which one semop of -1 is; a check "
                           "of the value followed by a separate take (GETVAL, SETVAL, a "
                           "second semop) lets two processes both see 1"
                         : "posts were lost (SEM_UNDO takes a process's posts back when it "
                           "exits: see 6.13), or waits took more than 1. A wait and a post "
                           "must each change the value in one atomic step, one semop of -1 or "
                           "+1; a GETVAL followed by a SETVAL undoes what other processes did "
                           "in between");
    } while (runs < COUNTER_RUNS_MAX && clock_ms() < deadline);
    check_wait_keeps_undo_records();
}
END_TEST

/* ------------------------------------------------------------------------
 * Permissions: the caller's own class, and who may remove
 * --------------------------------------------------------------------- */

/* A set of the test's own (mode `mode`) handed to the subject's user as its
 * owner (`as_owner`) or to the subject's group only; -1 for neither. */
static int class_set(key_t key, int mode, const struct subject *s, int as_owner)
{
    int semid = make_semset(key, 1, mode);

    if (as_owner != -1)
        hand_set_to(semid, s, as_owner == 1);
    return semid;
}

/* semset_reopen(key, mode) must fail with EACCES: `why` says which class is
 * checked and what it has. */
static void expect_denied(struct subject *s, key_t key, int set_mode, int mode, const char *why)
{
    struct outcome o = CALL(s, semset_reopen, key, mode);

    expect_failure(&o, fmt("semset_reopen(key of a %s set, %s)", octal(set_mode), octal(mode)),
                   EACCES, fmt("%s; the kernel merges the three digits of the access asked "
                               "for, (mode >> 6) | (mode >> 3) | mode, and checks them against "
                               "that class alone, so semget must get mode & 0777 whole", why));
}

START_TEST(test_access_classes)
{
    struct subject *s = subject_start();
    int others_rw = class_set(test_key(2), 0006, s, -1);
    const char *other_none = "the caller is in the set's 'other' class, which has no access";

    class_set(test_key(1), 0600, s, -1);
    expect_denied(s, test_key(1), 0600, 0060, other_none);
    expect_denied(s, test_key(1), 0600, 0006, other_none);
    struct outcome o = CALL(s, semset_reopen, test_key(2), 0600);
    expect_return(&o, "semset_reopen(key of a 0006 set, 0600)", others_rw,
                  "the caller is in the set's 'other' class, which may read and alter: asking "
                  "for 0600 asks for read and alter in whichever class the caller is in");

    class_set(test_key(3), 0066, s, 1);
    expect_denied(s, test_key(3), 0066, 0600, "the caller owns the set, so the owner's digit "
                  "(0) is checked, whatever the others grant");
    expect_denied(s, test_key(3), 0066, 0006, "the caller owns the set, so the owner's digit "
                  "(0) is checked, whatever the others grant");
    unsigned uid, gid;
    subject_ids(s, &uid, &gid);
    if (gid != getegid()) {     /* a group of the subject's own: the group's class */
        class_set(test_key(4), 0606, s, 0);
        expect_denied(s, test_key(4), 0606, 0060, "the set's group is the caller's, so the "
                      "group's digit (0) is checked, whatever the owner and the others have");
    }

    int foreign = kernel_find(test_key(1));
    o = CALL(s, semset_remove, foreign);
    expect_failure(&o, "semset_remove of a set that another user owns and created", EPERM,
                   "only the owner or the creator may remove a set: semctl fails with EPERM; "
                   "return -1 with errno as semctl set it");
    ck_assert_msg(kernel_set_exists(foreign), "a semset_remove that failed with EPERM removed "
                  "the set all the same (%s)", describe_ipc());
}
END_TEST

/* ------------------------------------------------------------------------
 * Hygiene and memcheck
 * --------------------------------------------------------------------- */

/* Requires `n` sets in the namespace after `what`. */
static void expect_sets(int n, const char *what)
{
    ck_assert_msg(count_semsets() == n, "after %s the namespace should hold %d semaphore "
                  "set%s; it holds %s", what, n, n == 1 ? "" : "s", describe_ipc());
}

START_TEST(test_hygiene)
{
    struct subject *s = subject_start();
    struct outcome o;

    make_semset(test_key(99), 1, 0600);     /* takes id 0: test 6.3 judges that one */
    o = CALL(s, semset_reopen, test_key(1), 0600);
    require_step_failure(&o, "semset_reopen on a key without a set", ENOENT, "6.5");
    expect_sets(1, "a failed semset_reopen (besides the test's own set)");
    o = CALL(s, semset_create, test_key(1), 2, 0600);
    require_step(&o, "semset_create(key, 2, 0600)", o.ret >= 0, "a semid", "6.1");
    int semid = (int) o.ret;
    expect_sets(2, "semset_create (besides the test's own set)");
    o = CALL(s, semset_create, test_key(1), 2, 0600);
    require_step_failure(&o, "a second semset_create on the same key", EEXIST, "6.2");
    o = CALL(s, semset_reopen, test_key(1), 0600);
    require_step(&o, "semset_reopen(key, 0600)", o.ret == semid, fmt("%d", semid), "6.4");
    o = CALL(s, semset_setval, semid, 1, 1);
    require_step(&o, "semset_setval(semid, 1, 1)", o.ret == 0, "0", "6.7");
    o = CALL(s, semset_getval, semid, 1);
    require_step(&o, "semset_getval(semid, 1)", o.ret == 1, "1", "6.7");
    o = CALL(s, semset_setval, semid, 1, SEMVMX_ + 1);
    require_step_failure(&o, "semset_setval(semid, 1, 32768)", ERANGE, "6.8");
    o = CALL(s, semset_getval, semid, 2);
    require_step_failure(&o, "semset_getval(semid, 2) on a set of 2", EINVAL, "6.8");
    o = CALL(s, semset_post, semid, 1);
    require_step(&o, "semset_post(semid, 1)", o.ret == 0, "0", "6.9");
    o = CALL(s, semset_wait, semid, 1);
    require_step(&o, "semset_wait(semid, 1) on 2", o.ret == 0, "0", "6.10");
    o = CALL(s, semset_post, BAD_SEMID, 0);
    require_step_failure(&o, "semset_post on an id that names no set", EINVAL, "6.18");
    o = CALL(s, semset_wait, BAD_SEMID, 0);
    require_step_failure(&o, "semset_wait on an id that names no set", EINVAL, "6.18");
    expect_sets(2, "semset_create, semset_reopen, semset_setval, semset_getval, semset_post "
                "and semset_wait, some of them failing (besides the test's own set)");
    o = CALL(s, semset_remove, semid);
    require_step(&o, "semset_remove(semid)", o.ret == 0, "0", "6.16");
    expect_sets(1, "semset_remove (besides the test's own set)");
    o = CALL(s, semset_remove, semid);
    require_step_failure(&o, "semset_remove of a removed set", EINVAL, "6.16");
    require_printed_nothing(s, "all seven semset_ functions, each when it succeeds and when "
                            "it fails");
}
END_TEST

/* A post or a wait (`op`, `name`) on semaphore num of semid in m, a step
 * of the memcheck scenario: it must return 0 within VALGRIND_MS. */
static void step_unblocked(struct subject *m, int op, const char *name, int semid, int num,
                           const char *see)
{
    struct outcome o;
    const char *call = fmt("%s(semid, %d)", name, num);

    subject_send(m, op, name, (const int64_t[RPC_ARGS]){ semid, num }, NULL, 0);
    if (!subject_await(m, VALGRIND_MS, &o)) {
        subject_kill(m);
        ck_abort_msg("not reached: the scenario stopped at %s, which blocked (values %s); "
                     "see %s", call, kernel_values(semid), see);
    }
    require_step(&o, call, o.ret == 0, "0", see);
}

START_TEST(test_memcheck)
{
    struct subject *m = subject_start_memcheck();

    struct outcome o = CALL(m, semset_create, test_key(1), 2, 0600);
    require_step(&o, "semset_create(key, 2, 0600)", o.ret >= 0, "a semid", "6.1");
    int semid = (int) o.ret;
    o = CALL(m, semset_create, test_key(1), 2, 0600);
    require_step_failure(&o, "a second semset_create on the same key", EEXIST, "6.2");
    o = CALL(m, semset_reopen, test_key(1), 0600);
    require_step(&o, "semset_reopen(key, 0600)", o.ret == semid, fmt("%d", semid), "6.4");
    o = CALL(m, semset_reopen, test_key(2), 0600);
    require_step_failure(&o, "semset_reopen on a key without a set", ENOENT, "6.5");
    o = CALL(m, semset_setval, semid, 1, 3);
    require_step(&o, "semset_setval(semid, 1, 3)", o.ret == 0, "0", "6.7");
    o = CALL(m, semset_setval, semid, 1, SEMVMX_ + 1);
    require_step_failure(&o, "semset_setval(semid, 1, 32768)", ERANGE, "6.8");
    o = CALL(m, semset_getval, semid, 1);
    require_step(&o, "semset_getval(semid, 1)", o.ret == 3, "3", "6.7");
    o = CALL(m, semset_getval, BAD_SEMID, 0);
    require_step_failure(&o, "semset_getval on an id that names no set", EINVAL, "6.8");
    step_unblocked(m, OP_semset_post, "semset_post", semid, 1, "6.9");
    step_unblocked(m, OP_semset_wait, "semset_wait", semid, 1, "6.10");
    ck_assert_msg(kernel_value(semid, 1) == 3, "not reached: after a post and a wait on 3 "
                  "semaphore 1 is %d, expected 3; see 6.9 and 6.10", kernel_value(semid, 1));
    o = CALL(m, semset_remove, semid);
    require_step(&o, "semset_remove(semid)", o.ret == 0, "0", "6.16");
    o = CALL(m, semset_remove, semid);
    require_step_failure(&o, "semset_remove of a removed set", EINVAL, "6.16");
    require_no_memory_errors(m, NULL);
}
END_TEST

/* ------------------------------------------------------------------------
 * Coverage map: each clause of the contract (docs/labs.md, "Rules for every
 * lab" and "06-semaphores"), and the tests that check it. What no test can
 * check is said in the README, "What the tests cannot check".
 *
 * Rules for every lab
 *   -1 and the failing call's errno, nothing after it:
 *     create 6.2 (EEXIST; EINVAL for nsems 0, -1, INT_MAX) · reopen 6.5 (ENOENT),
 *     6.6 (EACCES), 6.20 (EACCES by class) · setval 6.8 (ERANGE, EINVAL) ·
 *     getval 6.8 (EINVAL, never 0) · post 6.18 (EINVAL, EFBIG, ERANGE) ·
 *     wait 6.15 (EIDRM), 6.18 (EINVAL, EFBIG) · remove 6.16 (EINVAL),
 *     6.20 (EPERM); a -1 with errno 0 (an own check before the call) and a
 *     success value with an error in errno are told apart in every one
 *   id 0 is valid: all seven functions on set 0, 6.3
 *   mode & 0777 only: create 6.1 (0100640), reopen 6.4 (03600: IPC_CREAT |
 *     IPC_EXCL bits), 6.5 (01600: the IPC_CREAT bit)
 *   print nothing: all seven, succeeding and failing, 6.21; semtool's
 *     error lines 6.17
 *   never exit: every call of every test (require_returned)
 * semset_create
 *   a new set for key, exactly nsems, mode & 0777 6.1 · IPC_PRIVATE: a new
 *   set each call 6.1 · EEXIST, the old set unchanged 6.2 · nsems 0, -1, INT_MAX:
 *   EINVAL, no set 6.2 · no set beyond the one made 6.1, 6.21
 * semset_reopen
 *   the set for key, whatever its size 6.4 · access 0600, 0400, 0 6.4 ·
 *   EACCES 6.6 · the caller's own class against the merged digits (other:
 *   0060, 0006 on 0600; 0600 on 0006; owner: 0600, 0006 on 0066; group:
 *   0060 on 0606) 6.20 · never creates: ENOENT 6.5, IPC_PRIVATE 6.5
 * semset_setval, semset_getval
 *   SETVAL and GETVAL of semaphore num, values 0 to 32767 6.7 · ERANGE for
 *   32768, -1, INT_MAX, INT_MIN, the value unchanged 6.8 · EINVAL for num
 *   nsems and -1, and for an id of no set 6.8
 * semset_wait
 *   takes 1 with a semop 6.10 · sleeps in the kernel while 0, until a post
 *   6.11 · a signal handler's EINTR: waits again 6.12 · EIDRM when the set
 *   goes 6.15 · EINVAL, EFBIG 6.18 · test and take in one atomic step: a
 *   lock made of it loses no update, and it writes no SETVAL 6.19
 * semset_post
 *   adds 1 to num only, one semop, in the caller, never blocks 6.9 ·
 *   EINVAL, EFBIG, ERANGE at 32767, the values unchanged 6.18
 * no SEM_UNDO: post 6.13, wait 6.14, and in the lock 6.19
 * semset_remove
 *   IPC_RMID: the set goes 6.16 · EINVAL after 6.16 · EPERM for another
 *   user's set, which stays 6.20 · a sleeping wait gets EIDRM 6.15
 * memory: no error or leak under valgrind 6.22
 * the programs: semtool 6.17; counter --lock 6.19
 * --------------------------------------------------------------------- */

static const struct graded_test tests[] = {
    GRADED(test_create_exact_set, "6.1", 2, "semset_create makes a set of exactly nsems semaphores with the mode's permission bits", 0),
    GRADED(test_create_existing_key, "6.2", 1, "semset_create fails with EEXIST when a set exists for the key, EINVAL for an nsems no set can have", 0),
    GRADED(test_semid_zero, "6.3", 1, "semid 0 is valid: every function works on the first set of a namespace", 0),
    GRADED(test_reopen_finds_set, "6.4", 1, "semset_reopen finds the set that exists for the key", 0),
    GRADED(test_reopen_never_creates, "6.5", 1, "semset_reopen fails with ENOENT and never creates a set", 0),
    GRADED(test_reopen_access, "6.6", 1, "semset_reopen fails with EACCES when the set denies the access asked for", 0),
    GRADED(test_setval_getval, "6.7", 2, "semset_setval and semset_getval set and read semaphore num", 0),
    GRADED(test_setval_getval_errors, "6.8", 1, "semset_setval and semset_getval return -1 with ERANGE or EINVAL", 0),
    GRADED(test_post, "6.9", 2, "semset_post adds 1 to semaphore num with one semop", 0),
    GRADED(test_wait_takes_one, "6.10", 1, "semset_wait takes 1 at once from a positive semaphore", 0),
    GRADED(test_wait_blocks_until_post, "6.11", 3, "semset_wait sleeps on 0 until another process posts", 0),
    GRADED(test_wait_resumes_after_signal, "6.12", 2, "a wait interrupted by a signal handler goes on waiting", 0),
    GRADED(test_post_survives_exit, "6.13", 1, "a post stays counted after its process exits (no SEM_UNDO)", 0),
    GRADED(test_wait_survives_exit, "6.14", 1, "a wait's decrement stays after its process exits (no SEM_UNDO)", 0),
    GRADED(test_wait_fails_eidrm, "6.15", 1, "a waiting process gets EIDRM when the set is removed", 0),
    GRADED(test_remove, "6.16", 1, "semset_remove removes the set, and fails with EINVAL after", 0),
    GRADED(test_semtool, "6.17", 1, "semtool creates, shows, sets, waits, posts and removes from the command line", 0),
    GRADED(test_post_wait_errors, "6.18", 1, "semset_post and semset_wait return -1 with semop's errno when they fail", 0),
    GRADED(test_mutex, "6.19", 3, "a lock made of semset_wait and semset_post lets one process in at a time: counter --lock loses no update", 0),
    GRADED(test_access_classes, "6.20", 1, "semset_reopen's access is checked against the caller's own class; semset_remove fails with EPERM for another user's set", GT_OTHER_USER),
    GRADED(test_hygiene, "6.21", 1, "the lab's functions print nothing and leave no semaphore set the contract does not make", 0),
    GRADED(test_memcheck, "6.22", 1, "valgrind finds no memory error or leak in your functions", GT_SLOW),
};

JUDGE_MAIN("06-semaphores", tests)
