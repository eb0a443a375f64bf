/*
 * detach_hidden.c: the instructor's hidden tests of lab 04-detach.
 *
 * The same contract as the public tests (detach_tests.c), with values those
 * never use: a segment of several MiB detached attachment by attachment,
 * addresses at a segment's last page and last byte, counts across several
 * processes, and a segment the caller may not read. A seg_detach or
 * seg_nattch tuned to the public tests' values loses these points. Left out
 * of the student handout.
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#include "judge.h"
#include "detach_calls.h"

#define MIB (1024 * 1024)

/* Attaches shmid in s with plain shmat (lab 03's job, not judged here). */
static int64_t kit_attach(struct subject *s, int shmid)
{
    struct outcome o = CALL(s, kit_shmat, shmid, 0);

    require_returned(&o);
    ck_assert_msg(o.ret != -1, "test bug: shmat of segment %d failed: %s", shmid, errname(o.err));
    return o.ret;
}

/* Calls seg_detach(addr) in s and requires `want` (0, or -1 with EINVAL). */
static void detach_gives(struct subject *s, int64_t addr, int want, const char *what)
{
    struct outcome o = CALL(s, seg_detach, addr);

    require_returned(&o);
    ck_assert_msg(o.ret == want && (want == 0 || o.err == EINVAL),
                  "seg_detach(%s) returned %lld (errno %s), expected %s: seg_detach returns "
                  "what shmdt(addr) returns, with its errno", what, (long long) o.ret,
                  errname(o.err), want == 0 ? "0" : "-1 with EINVAL");
}

START_TEST(test_detach_many_of_a_large_segment)
{
    int id = make_segment(test_key(70), 5 * MIB + 1, 0666);
    struct subject *s = subject_start();
    int64_t addrs[10];

    for (int i = 0; i < 10; i++)
        addrs[i] = kit_attach(s, id);
    for (int i = 9; i >= 0; i--) {
        detach_gives(s, addrs[i], 0, fmt("%#llx, attachment %d of 10", (long long) addrs[i], i + 1));
        int left = await_nattch(id, i);
        ck_assert_msg(left == i, "after detaching %d of 10 attachments of a %d-byte segment the "
                      "kernel counts %d, expected %d: one shmdt per call", 10 - i,
                      5 * MIB + 1, left, i);
    }
}
END_TEST

START_TEST(test_detach_inside_addresses)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t size = 3 * (size_t) page + 10;
    int id = make_segment(test_key(71), size, 0666);
    struct subject *s = subject_start();
    int64_t addr = kit_attach(s, id);

    detach_gives(s, addr + 3 * page, -1, "the start of the last page of an attached segment");
    detach_gives(s, addr + (int64_t) size - 1, -1, "the last byte of an attached segment");
    detach_gives(s, 1, -1, "(void *) 1");
    ck_assert_msg(stat_segment(id).shm_nattch == 1, "failed seg_detach calls changed the "
                  "attach count to %lu, expected 1", (unsigned long) stat_segment(id).shm_nattch);
    detach_gives(s, addr, 0, "the start of the segment");
}
END_TEST

START_TEST(test_nattch_across_processes)
{
    int id = make_segment(test_key(72), 7, 0666);
    struct subject *a = subject_start(), *b = subject_start(), *c = subject_start();
    struct subject *all[3] = { a, b, c };
    int want = 0;

    for (int p = 0; p < 3; p++) {
        for (int n = 0; n <= p * 2; n++, want++)
            kit_attach(all[p], id);
        for (int q = 0; q < 3; q++) {
            struct outcome o = CALL(all[q], seg_nattch, id);
            require_returned(&o);
            ck_assert_msg(o.ret == want, "seg_nattch(%d) returned %lld (errno %s) while the "
                          "kernel counts %d attachments in three processes: return "
                          "shm_nattch from IPC_STAT", id, (long long) o.ret, errname(o.err), want);
        }
    }
}
END_TEST

START_TEST(test_nattch_not_readable)
{
    int id = make_segment(test_key(73), 4096, 0);
    struct subject *s = subject_start();
    struct outcome o = CALL(s, seg_nattch, id);

    require_failure(&o, fmt("seg_nattch(%d) of a segment with mode 0", id), EACCES,
                    "IPC_STAT needs read permission; when shmctl fails, return -1 with its errno");
}
END_TEST

static const struct graded_test tests[] = {
    GRADED(test_detach_many_of_a_large_segment, "4.H1", 2, "ten attachments of a 5 MiB segment go one per seg_detach", 0),
    GRADED(test_detach_inside_addresses,        "4.H2", 2, "seg_detach fails with EINVAL for a last page, a last byte and (void *) 1", 0),
    GRADED(test_nattch_across_processes,        "4.H3", 2, "seg_nattch counts up to nine attachments in three processes", 0),
    GRADED(test_nattch_not_readable,            "4.H4", 1, "seg_nattch fails with EACCES for a segment it may not read", 0),
};

JUDGE_MAIN("04-detach", tests)
