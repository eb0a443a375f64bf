/*
 * semaphores_hidden.c: the instructor's hidden tests of lab 06-semaphores.
 *
 * The same contract as the public tests (semaphores_tests.c), with values
 * those never use: sets of 7, 64 and 250 semaphores, other modes and keys,
 * the last semaphore of a large set, several posts and waits in a row,
 * several sleepers at once. A submission tuned to the public tests' values
 * (at most 3 semaphores, semaphore numbers 0 to 2) loses these points. Left
 * out of the student handout.
 */
#include <errno.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <time.h>

#include "judge.h"
#include "semaphores_calls.h"
#include "semaphore_kit.h"

enum { SETTLE_MS = 3000 };

/* The number of semaphores of set semid, from the test process. */
static unsigned long kernel_nsems(int semid)
{
    return (unsigned long) stat_semaphore_set(semid).sem_nsems;
}

/* A set of the test's own of nsems semaphores, all 0, that the subject's
 * user may use (mode 0666). */
static int open_set(key_t key, int nsems)
{
    return make_semset(key, nsems, 0666);
}

/* Requires the call to have returned `want`; `call` says what it was. */
static void gives(const struct outcome *o, int64_t want, const char *call)
{
    require_returned(o);
    ck_assert_msg(o->ret == want, "%s returned %lld (errno %s), expected %lld", call,
                  (long long) o->ret, errname(o->err), (long long) want);
}

/* Waits until `n` processes sleep on semaphore num (GETNCNT); false when
 * they do not within SETTLE_MS. */
static bool await_sleepers(int semid, int num, int n)
{
    for (int waited = 0; waited < SETTLE_MS; waited += 5) {
        if (semaphore_get(semid, num, GETNCNT) >= n)
            return true;
        pause_ms(5);
    }
    return false;
}

START_TEST(test_create_other_counts_and_modes)
{
    const int counts[] = { 7, 64, 250 };
    const int modes[] = { 0604, 0400, 0660 };
    const key_t keys[] = { 0x6000abcd, 0x1, 0x7ffffffe };
    struct subject *s = subject_start();

    for (int i = 0; i < 3; i++) {
        const char *call = fmt("semset_create(%#x, %d, %s)", (unsigned) keys[i], counts[i],
                               octal(modes[i]));
        struct outcome o = CALL(s, semset_create, keys[i], counts[i], modes[i]);
        require_returned(&o);
        ck_assert_msg(o.ret >= 0, "%s failed with %s where no set existed for the key", call,
                      errname(o.err));
        int semid = (int) o.ret;
        struct semid_ds ds;
        union semun arg = { .buf = &ds };
        ck_assert_msg(semget(keys[i], 0, 0) == semid && semctl(semid, 0, IPC_STAT, arg) != -1,
                      "%s returned %d, not the set the kernel holds for the key (%s)", call,
                      semid, describe_ipc());
        ck_assert_msg(ds.sem_nsems == (unsigned long) counts[i] &&
                      (int) (ds.sem_perm.mode & 0777) == modes[i],
                      "%s made a set of %lu semaphores with mode %s: pass nsems and mode & 0777 "
                      "to semget as they are", call, (unsigned long) ds.sem_nsems,
                      octal(ds.sem_perm.mode & 0777));
    }
}
END_TEST

START_TEST(test_values_of_a_large_set)
{
    int semid = open_set(test_key(100), 64);
    struct subject *s = subject_start();
    const int nums[] = { 63, 40, 17, 5 };
    const int values[] = { 1, 12345, 32766, 9 };

    for (int i = 0; i < 4; i++) {
        struct outcome o = CALL(s, semset_setval, semid, nums[i], values[i]);
        gives(&o, 0, fmt("semset_setval(semid, %d, %d) on a set of 64", nums[i], values[i]));
        ck_assert_msg(semaphore_get(semid, nums[i], GETVAL) == values[i],
                      "after semset_setval(semid, %d, %d) semaphore %d is %d", nums[i],
                      values[i], nums[i], semaphore_get(semid, nums[i], GETVAL));
    }
    for (int i = 0; i < 4; i++) {
        struct outcome o = CALL(s, semset_getval, semid, nums[i]);
        gives(&o, values[i], fmt("semset_getval(semid, %d) on a set of 64", nums[i]));
    }
    struct outcome o = CALL(s, semset_getval, semid, 64);
    require_failure(&o, "semset_getval(semid, 64) on a set of 64 (0 to 63)", EINVAL,
                    "semctl fails with EINVAL; return -1 with its errno");
}
END_TEST

START_TEST(test_posts_and_waits_in_a_row)
{
    int semid = open_set(test_key(101), 8);
    struct subject *s = subject_start();

    for (int i = 0; i < 5; i++) {
        struct outcome o = CALL(s, semset_post, semid, 6);
        gives(&o, 0, "semset_post(semid, 6)");
    }
    ck_assert_msg(semaphore_get(semid, 6, GETVAL) == 5 && semaphore_get(semid, 7, GETVAL) == 0 &&
                  semaphore_get(semid, 5, GETVAL) == 0,
                  "after five semset_post(semid, 6) semaphores 5, 6, 7 are %d, %d, %d, "
                  "expected 0, 5, 0", semaphore_get(semid, 5, GETVAL), semaphore_get(semid, 6, GETVAL),
                  semaphore_get(semid, 7, GETVAL));
    for (int i = 0; i < 5; i++) {
        struct outcome o = CALL(s, semset_wait, semid, 6);
        gives(&o, 0, fmt("semset_wait(semid, 6) with the value at %d", 5 - i));
    }
    ck_assert_msg(semaphore_get(semid, 6, GETVAL) == 0, "after five posts and five waits semaphore "
                  "6 is %d, expected 0", semaphore_get(semid, 6, GETVAL));
}
END_TEST

START_TEST(test_three_sleepers_three_posts)
{
    int semid = open_set(test_key(102), 5);
    struct subject *w[3] = { subject_start(), subject_start(), subject_start() };
    struct subject *poster = subject_start();
    struct outcome o;

    for (int i = 0; i < 3; i++)
        SEND(w[i], semset_wait, semid, 4);
    ck_assert_msg(await_sleepers(semid, 4, 3), "three semset_wait(semid, 4) on 0 should sleep "
                  "in the kernel, but semaphore 4 has %d sleepers: one semop of -1 on sem_num "
                  "num, without IPC_NOWAIT", semaphore_get(semid, 4, GETNCNT));
    for (int i = 0; i < 3; i++) {
        o = CALL(poster, semset_post, semid, 4);
        gives(&o, 0, "semset_post(semid, 4)");
    }
    for (int i = 0; i < 3; i++) {
        ck_assert_msg(subject_await(w[i], SETTLE_MS, &o), "a semset_wait(semid, 4) still sleeps "
                      "after three posts to three waiters");
        gives(&o, 0, "semset_wait(semid, 4), once posted");
    }
    ck_assert_msg(semaphore_get(semid, 4, GETVAL) == 0, "three posts taken by three waits left "
                  "semaphore 4 at %d", semaphore_get(semid, 4, GETVAL));
}
END_TEST

START_TEST(test_reopen_other_modes)
{
    int write_only = make_semset(test_key(103), 9, 0222);
    int large = make_semset(test_key(104), 100, 0606);
    struct subject *s = subject_start();
    struct outcome o = CALL(s, semset_reopen, test_key(103), 0200);

    gives(&o, write_only, "semset_reopen(key of a 0222 set of 9, 0200)");
    o = CALL(s, semset_reopen, test_key(103), 0400);
    require_failure(&o, "semset_reopen(key of a 0222 set, 0400)", EACCES,
                    "the set grants no read access: pass mode & 0777 to semget");
    o = CALL(s, semset_reopen, test_key(104), 0600);
    gives(&o, large, "semset_reopen(key of a 0606 set of 100 semaphores, 0600)");
    ck_assert_msg(kernel_nsems(large) == 100 && count_semsets() == 2,
                  "semset_reopen changed the sets: %s", describe_ipc());
}
END_TEST

START_TEST(test_remove_wakes_sleeper_on_last)
{
    struct subject *s = subject_start(), *owner = subject_start();
    struct outcome o = CALL(owner, semset_create, test_key(105), 12, 0666);

    require_returned(&o);
    ck_assert_msg(o.ret >= 0, "semset_create(key, 12, 0666) failed with %s", errname(o.err));
    int semid = (int) o.ret;
    ck_assert_msg(kernel_nsems(semid) == 12, "semset_create(key, 12, 0666) made a set of %lu "
                  "semaphores, expected 12: pass nsems to semget as it is", kernel_nsems(semid));
    SEND(s, semset_wait, semid, 11);
    ck_assert_msg(await_sleepers(semid, 11, 1), "semset_wait(semid, 11) on 0 did not sleep in "
                  "the kernel on semaphore 11");
    o = CALL(owner, semset_remove, semid);
    gives(&o, 0, "semset_remove of a set of 12 with a process waiting on semaphore 11");
    ck_assert_msg(subject_await(s, SETTLE_MS, &o), "semset_wait still sleeps after its set was "
                  "removed");
    require_failure(&o, "semset_wait(semid, 11) when its set is removed", EIDRM,
                    "semop fails with EIDRM; return -1 with its errno");
    ck_assert_msg(count_semsets() == 0, "after semset_remove the kernel holds %s", describe_ipc());
}
END_TEST

static const struct graded_test tests[] = {
    GRADED(test_create_other_counts_and_modes, "6.H1", 2, "semset_create makes sets of 7, 64 and 250 semaphores with the mode given", 0),
    GRADED(test_values_of_a_large_set,         "6.H2", 2, "semset_setval and semset_getval reach semaphore 63 of 64", 0),
    GRADED(test_posts_and_waits_in_a_row,      "6.H3", 1, "five posts then five waits on semaphore 6 of 8", 0),
    GRADED(test_three_sleepers_three_posts,    "6.H4", 2, "three processes sleep on one semaphore until three posts", 0),
    GRADED(test_reopen_other_modes,            "6.H5", 1, "semset_reopen asks for exactly the access in mode (write-only, 100 semaphores)", 0),
    GRADED(test_remove_wakes_sleeper_on_last,  "6.H6", 1, "semset_remove wakes a process waiting on semaphore 11 of 12 with EIDRM", 0),
};

JUDGE_MAIN("06-semaphores", tests)
