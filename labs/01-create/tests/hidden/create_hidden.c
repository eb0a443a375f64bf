/*
 * create_hidden.c: the instructor's hidden tests of lab 01-create.
 *
 * The same contract as the public tests (create_tests.c), with values those
 * never use: sizes of exactly a page, a page plus one and several MiB; other
 * keys, modes, files and project ids. A seg_create or seg_key tuned to the
 * public tests' values loses these points. Left out of the student handout.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#include "judge.h"
#include "create_calls.h"

#define MIB (1024 * 1024)

/* Calls seg_create in s and returns the id of the new segment it made,
 * failing the test when it made none. */
static int created(struct subject *s, key_t key, size_t size, int mode)
{
    const char *call = fmt("seg_create(%#x, %zu, %s)", (unsigned) key, size, octal(mode));
    struct outcome o = CALL(s, seg_create, key, (int64_t) size, mode);
    struct shmid_ds ds;

    require_returned(&o);
    ck_assert_msg(o.ret != -1, "%s failed with %s where no segment existed for the key (%s); "
                  "expected the id of a new segment", call, errname(o.err), describe_ipc());
    ck_assert_msg(o.ret >= 0 && o.ret <= INT_MAX && segment_stat((int) o.ret, &ds),
                  "%s returned %lld, which names no segment (%s): return shmget's id",
                  call, (long long) o.ret, describe_ipc());
    return (int) o.ret;
}

START_TEST(test_sizes_around_pages)
{
    long page = sysconf(_SC_PAGESIZE);
    const size_t sizes[] = { (size_t) page, (size_t) page + 1, 3 * MIB + 5, 2 * (size_t) page - 1 };
    struct subject *s = subject_start();

    for (int i = 0; i < 4; i++) {
        int id = created(s, test_key(20 + i), sizes[i], 0600);
        size_t got = stat_segment(id).shm_segsz;
        ck_assert_msg(got == sizes[i], "after seg_create(key, %zu, 0600) the kernel records "
                      "%zu bytes, expected exactly %zu: pass size to shmget as it is, whatever "
                      "its value", sizes[i], got, sizes[i]);
    }
}
END_TEST

START_TEST(test_other_keys_and_modes)
{
    const key_t keys[] = { 0x1, 0x2a, 0x7fffffff, 0x13572468 };
    const int modes[] = { 0400, 0604, 0777, 0060 };
    struct subject *s = subject_start();

    for (int i = 0; i < 4; i++) {
        int id = created(s, keys[i], 333, modes[i]);
        struct shmid_ds ds = stat_segment(id);
        ck_assert_msg(ds.shm_perm.__key == keys[i] && (int) (ds.shm_perm.mode & 0777) == modes[i],
                      "after seg_create(%#x, 333, %s) the segment has key %#x and permission "
                      "bits %s: pass the key and mode & 0777 to shmget unchanged",
                      (unsigned) keys[i], octal(modes[i]), (unsigned) ds.shm_perm.__key,
                      octal(ds.shm_perm.mode & 0777));
    }
    ck_assert_msg(count_segments() == 4, "four seg_create calls left %s, expected four "
                  "segments", describe_ipc());
}
END_TEST

START_TEST(test_key_other_files_and_ids)
{
    const char *paths[] = { key_file("first"), key_file("second") };
    const int projs[] = { 0xff, 7, 0x141, 0x7f };
    struct subject *s = subject_start();

    for (int f = 0; f < 2; f++) {
        for (int i = 0; i < 4; i++) {
            key_t want = ftok(paths[f], projs[i]);
            struct outcome o = CALL_DATA(s, seg_key, paths[f], strlen(paths[f]) + 1, projs[i]);
            require_returned(&o);
            ck_assert_msg(o.ret == (int64_t) want,
                          "seg_key(\"%s\", %#x) returned %#llx (errno %s), expected ftok's "
                          "key %#x: pass the path and proj_id to ftok unchanged", paths[f],
                          projs[i], (unsigned long long) (o.ret & 0xffffffff), errname(o.err),
                          (unsigned) want);
        }
    }
}
END_TEST

START_TEST(test_many_private_segments)
{
    struct subject *s = subject_start();
    int ids[6];

    for (int i = 0; i < 6; i++) {
        ids[i] = created(s, IPC_PRIVATE, (size_t) (i + 1) * 1111, 0640);
        for (int j = 0; j < i; j++)
            ck_assert_msg(ids[j] != ids[i], "seg_create(IPC_PRIVATE, ...) returned id %d "
                          "twice: each call makes a new segment", ids[i]);
        ck_assert_msg(stat_segment(ids[i]).shm_segsz == (size_t) (i + 1) * 1111,
                      "seg_create(IPC_PRIVATE, %d, 0640) made a segment of %zu bytes",
                      (i + 1) * 1111, (size_t) stat_segment(ids[i]).shm_segsz);
    }
}
END_TEST

static const struct graded_test tests[] = {
    GRADED(test_sizes_around_pages,      "1.H1", 3, "seg_create makes segments of exactly a page, a page plus one and several MiB", 0),
    GRADED(test_other_keys_and_modes,    "1.H2", 2, "seg_create uses any key and any mode it is given", 0),
    GRADED(test_key_other_files_and_ids, "1.H3", 2, "seg_key gives ftok's key for other files and project ids", 0),
    GRADED(test_many_private_segments,   "1.H4", 1, "seg_create with IPC_PRIVATE makes a new segment of the size asked each time", 0),
};

JUDGE_MAIN("01-create", tests)
