/*
 * attach_hidden.c: the instructor's hidden tests of lab 03-attach.
 *
 * The same contract as the public tests (attach_tests.c), with values those
 * never use: a 1-byte and a several-MiB segment, readonly values other than
 * 0, 1 and 2, a dozen attachments at once, write-only and mode 0 segments.
 * A seg_attach tuned to the public tests' values loses these points. Left
 * out of the student handout.
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "judge.h"
#include "attach_calls.h"

#define MIB (1024 * 1024)

/* Calls seg_attach(shmid, readonly) in s and requires an address (not
 * NULL, not (void *) -1): returns it. */
static int64_t attached(struct subject *s, int shmid, int readonly)
{
    struct outcome o = CALL(s, seg_attach, shmid, readonly);

    require_returned(&o);
    ck_assert_msg(o.ret != 0 && o.ret != -1, "seg_attach(%d, %d) returned %s (errno %s) for a "
                  "segment that grants the access asked for, expected the address of a new "
                  "attachment", shmid, readonly, o.ret == 0 ? "NULL" : "(void *) -1",
                  errname(o.err));
    return o.ret;
}

/* Writes byte `c` at addr in s; true when the process survived it. */
static bool poke(struct subject *s, int64_t addr, char c)
{
    return COMMON(s, OP_POKE, addr, c).returned;
}

START_TEST(test_sizes_one_byte_and_mib)
{
    int tiny = make_segment(test_key(60), 1, 0666);
    int big = make_segment(test_key(61), 3 * MIB + 7, 0666);
    struct subject *s = subject_start();
    int64_t at_tiny = attached(s, tiny, 0), at_big = attached(s, big, 0);
    char *p;

    ck_assert_msg(poke(s, at_tiny, 't') && poke(s, at_big + 3 * MIB + 6, 'b'),
                  "writing the first byte of a 1-byte segment and the last byte of a "
                  "%d-byte segment, through seg_attach(id, 0), ended the process: map the "
                  "segment read-write, at the address shmat returns", 3 * MIB + 7);
    p = shmat(big, NULL, SHM_RDONLY);
    ck_assert_msg(p != (void *) -1, "the test could not attach segment %d", big);
    char last = p[3 * MIB + 6];
    shmdt(p);
    ck_assert_msg(last == 'b', "the byte written at the end of the %d-byte segment did not "
                  "reach it: return the address shmat returned", 3 * MIB + 7);
}
END_TEST

START_TEST(test_readonly_any_nonzero)
{
    const int values[] = { -1, 0x1000, 0x100, 7 };
    int id = make_segment(test_key(62), 4096, 0666);
    struct subject *s = subject_start();

    for (int i = 0; i < 4; i++) {
        int64_t addr = attached(s, id, values[i]);
        struct outcome o = COMMON(s, OP_PEEK, addr);
        ck_assert_msg(o.returned, "reading through seg_attach(%d, %d) failed: %s", id,
                      values[i], o.how);
        ck_assert_msg(!poke(s, addr, 'x'), "writing through seg_attach(%d, %d) worked: any "
                      "readonly other than 0 asks for a read-only attachment (SHM_RDONLY)",
                      id, values[i]);
        subject_kill(s);
        s = subject_start();
    }
}
END_TEST

START_TEST(test_a_dozen_attachments)
{
    int id = make_segment(test_key(63), 4097, 0666);
    struct subject *s = subject_start();
    int64_t addrs[12];

    for (int i = 0; i < 12; i++) {
        addrs[i] = attached(s, id, i % 3 == 0);
        for (int j = 0; j < i; j++)
            ck_assert_msg(addrs[j] != addrs[i], "seg_attach returned the address %#llx twice",
                          (unsigned long long) addrs[i]);
    }
    ck_assert_msg(stat_segment(id).shm_nattch == 12, "after twelve seg_attach calls the kernel "
                  "counts %lu attachments of segment %d, expected 12: one shmat per call, "
                  "however many calls", (unsigned long) stat_segment(id).shm_nattch, id);
}
END_TEST

START_TEST(test_access_refused)
{
    int write_only = make_segment(test_key(64), 64, 0222);
    int closed = make_segment(test_key(65), 64, 0);
    struct subject *s = subject_start();
    const int ids[] = { write_only, write_only, closed, closed };
    const int ro[] = { 0, 5, 0, 1 };

    for (int i = 0; i < 4; i++) {
        struct outcome o = CALL(s, seg_attach, ids[i], ro[i]);
        require_returned(&o);
        ck_assert_msg(o.ret == 0 && o.err == EACCES,
                      "seg_attach(%d, %d) of a segment with mode %s returned %s with errno %s, "
                      "expected NULL with EACCES: shmat refuses it, and its (void *) -1 must "
                      "become NULL", ids[i], ro[i], octal(i < 2 ? 0222 : 0),
                      o.ret == 0 ? "NULL" : o.ret == -1 ? "(void *) -1" : "an address",
                      errname(o.err));
    }
    ck_assert_msg(stat_segment(write_only).shm_nattch == 0 && stat_segment(closed).shm_nattch == 0,
                  "failed seg_attach calls left attachments behind");
}
END_TEST

static const struct graded_test tests[] = {
    GRADED(test_sizes_one_byte_and_mib, "3.H1", 2, "seg_attach maps a 1-byte and a 3 MiB segment, read-write to their last byte", 0),
    GRADED(test_readonly_any_nonzero,   "3.H2", 2, "any readonly other than 0 (-1, 0x1000, 0x100, 7) attaches read-only", 0),
    GRADED(test_a_dozen_attachments,    "3.H3", 1, "twelve seg_attach calls make twelve attachments", 0),
    GRADED(test_access_refused,         "3.H4", 2, "seg_attach returns NULL with EACCES for write-only and mode 0 segments", 0),
};

JUDGE_MAIN("03-attach", tests)
