/*
 * shmrm.c: remove a shared memory segment, like `ipcrm -M KEY` / `ipcrm -m ID`,
 * and say whether it is gone or only marked for removal because some process
 * still has it attached.
 *
 * Uses your seg_remove, seg_remove_key and seg_removal_pending (remove.c);
 * ftok, and the shmget / IPC_STAT that only look things up for the report,
 * are done here.
 *
 *     $ ./shmattach --hold /tmp/demo        (terminal 1: lab 04)
 *     $ ./shmrm /tmp/demo                   (terminal 2)
 *     segment 0 (key 0x01000a2b) marked for removal: still attached 1 time;
 *     the kernel destroys it when the last attachment goes
 *                                           (Enter in terminal 1)
 *     $ ./shmrm /tmp/demo
 *     shmrm: no segment for key 0x01000a2b: No such file or directory
 *     $ ./shmrm -m 3                        (by id, like ipcrm -m 3)
 *     segment 3 removed
 *
 * The key is ftok(KEYFILE, PROJ), PROJ 1 unless -p says otherwise, as in
 * every program of the kit. Exit status: 0 when the segment was removed or
 * marked for removal, 1 when a call failed, 2 for a usage error.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "driver.h"
#include "remove.h"

#define PROG "shmrm"

static const char help[] =
    "usage: " PROG " [-p PROJ] KEYFILE     remove the segment of ftok(KEYFILE, PROJ)\n"
    "       " PROG " -M KEY                remove the segment of KEY (0x... or decimal)\n"
    "       " PROG " -m SHMID              remove the segment with this id\n"
    "Says whether the segment is destroyed or only marked for removal\n"
    "because processes still have it attached.\n";

/* Reports what became of segment shmid after the student's removal call. */
static void report(int shmid, const char *name)
{
    struct shmid_ds ds;
    int pending = seg_removal_pending(shmid);

    if (pending == -1 && errno == EINVAL) {
        printf("%s removed\n", name);
        return;
    }
    if (pending == -1)
        driver_fail("seg_removal_pending(%d)", shmid);
    if (pending == 0) {
        driver_warn(0, "%s is still there and not marked for removal", name);
        exit(1);
    }
    if (shmctl(shmid, IPC_STAT, &ds) == -1) {
        printf("%s removed\n", name);   /* its last attachment went meanwhile */
        return;
    }
    printf("%s marked for removal: still attached %lu time%s;\n"
           "the kernel destroys it when the last attachment goes\n",
           name, (unsigned long) ds.shm_nattch, ds.shm_nattch == 1 ? "" : "s");
}

/* shmrm -m SHMID */
static int remove_id(int shmid)
{
    char name[64];

    if (seg_remove(shmid) == -1)
        driver_fail("seg_remove(%d)", shmid);
    snprintf(name, sizeof name, "segment %d", shmid);
    report(shmid, name);
    return 0;
}

/* shmrm KEYFILE and shmrm -M KEY */
static int remove_key(key_t key)
{
    char name[64];
    /* The id is only for the report: seg_remove_key finds it by itself. */
    int shmid = shmget(key, 0, 0);

    if (seg_remove_key(key) == -1) {
        if (errno == ENOENT)
            driver_fail("no segment for key 0x%08x", (unsigned) key);
        driver_fail("seg_remove_key(0x%08x)", (unsigned) key);
    }
    if (shmid == -1) {
        printf("segment of key 0x%08x removed\n", (unsigned) key);
        return 0;
    }
    snprintf(name, sizeof name, "segment %d (key 0x%08x)", shmid, (unsigned) key);
    report(shmid, name);
    return 0;
}

int main(int argc, char **argv)
{
    int proj = DRIVER_DEFAULT_PROJ;
    const char *path, *id_text = NULL, *key_text = NULL;
    const struct driver_option options[] = {
        { "-m", NULL, &id_text }, { "-M", NULL, &key_text }, { NULL, NULL, NULL }
    };

    driver_start(PROG, help);
    int nargs = driver_parse(argc, argv, options, &proj, &path, 1);
    if (id_text != NULL && key_text == NULL && nargs == 0)
        return remove_id((int) driver_number(id_text, 0, 0, INT_MAX, "shmid"));
    if (key_text != NULL && id_text == NULL && nargs == 0)
        return remove_key(driver_numeric_key(key_text));
    if (id_text != NULL || key_text != NULL || nargs != 1)
        driver_usage_error("expected KEYFILE, -M KEY or -m SHMID");
    return remove_key(driver_key(ftok, path, proj));
}
