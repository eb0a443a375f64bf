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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

/* The project id the kit's programs give ftok unless told otherwise. */
#define DEFAULT_PROJ 1

static const char *prog = "shmrm";

static void usage(FILE *to)
{
    fprintf(to,
            "usage: %s [-p PROJ] KEYFILE     remove the segment of ftok(KEYFILE, PROJ)\n"
            "       %s -M KEY                remove the segment of KEY (0x... or decimal)\n"
            "       %s -m SHMID              remove the segment with this id\n"
            "Says whether the segment is destroyed or only marked for removal\n"
            "because processes still have it attached.\n"
            "  -p PROJ   the project id for ftok (default %d)\n"
            "  --help    show this help\n",
            prog, prog, prog, DEFAULT_PROJ);
}

/* Prints "shmrm: what: strerror(err)" and ends with status 1. */
static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(err));
    exit(1);
}

/* Parses a number of the command line (0x.. hex, 0.. octal or decimal). */
static long parse_number(const char *text, const char *what, long min, long max)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 0);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "%s: bad %s '%s': give a number from %ld to %ld\n",
                prog, what, text, min, max);
        exit(2);
    }
    return value;
}

/* Reports what became of segment shmid after the student's removal call. */
static void report(int shmid, const char *name)
{
    char what[128];
    struct shmid_ds ds;
    int pending = seg_removal_pending(shmid);

    if (pending == -1 && errno == EINVAL) {
        printf("%s removed\n", name);
        return;
    }
    if (pending == -1) {
        snprintf(what, sizeof what, "seg_removal_pending(%d)", shmid);
        fail(what, errno);
    }
    if (pending == 0) {
        fprintf(stderr, "%s: %s is still there and not marked for removal\n",
                prog, name);
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

    snprintf(name, sizeof name, "segment %d", shmid);
    if (seg_remove(shmid) == -1) {
        int err = errno;
        snprintf(name, sizeof name, "seg_remove(%d)", shmid);
        fail(name, err);
    }
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
        int err = errno;
        snprintf(name, sizeof name,
                 err == ENOENT ? "no segment for key 0x%08x" : "seg_remove_key(0x%08x)",
                 (unsigned) key);
        fail(name, err);
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
    int proj = DEFAULT_PROJ;
    const char *path = NULL;
    key_t key;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "-m") == 0 && i + 1 == argc - 1) {
            return remove_id((int) parse_number(argv[i + 1], "shmid", 0, 0x7fffffff));
        } else if (strcmp(argv[i], "-M") == 0 && i + 1 == argc - 1) {
            key = (key_t) parse_number(argv[i + 1], "key", 1, 0xffffffffL);
            return remove_key(key);
        } else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
            proj = (int) parse_number(argv[++i], "project id", 1, 255);
        } else if (argv[i][0] != '-' && path == NULL) {
            path = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (path == NULL) {
        usage(stderr);
        return 2;
    }
    key = ftok(path, proj);
    if (key == (key_t) -1) {
        char what[64 + 4096];
        snprintf(what, sizeof what, "ftok %s", path);
        fail(what, errno);
    }
    return remove_key(key);
}
