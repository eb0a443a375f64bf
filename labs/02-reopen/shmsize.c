/*
 * shmsize.c: find the segment of a key file, like `ipcs -m -i ID` for one
 * segment, and show its size, owner and permission bits.
 *
 * Uses your seg_reopen and seg_size (reopen.c); making the key (lab 01) and
 * reading the owner and mode for the report are done here with ftok and
 * shmctl IPC_STAT.
 *
 *     $ ./shmcreate -m 0640 /tmp/demo 4096      (lab 01: make the segment)
 *     shmid 0 key 0x01000a2b
 *     $ ./shmsize /tmp/demo                     (any terminal, any time)
 *     shmid 0 key 0x01000a2b size 4096 owner 1000 (alice) mode 0640 rw-r-----
 *     $ ./shmsize -p 2 /tmp/demo
 *     shmsize: no segment for key 0x02000a2b of /tmp/demo: No such file or directory
 *
 * It asks for read access (mode 0400), which IPC_STAT needs anyway.
 * Exit status: 0 when the segment was found, 1 when a call failed, 2 for a
 * usage error.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

/* The project id the kit's programs give ftok unless told otherwise. */
#define DEFAULT_PROJ 1

static const char *prog = "shmsize";

static void usage(FILE *to)
{
    fprintf(to,
            "usage: %s [-p PROJ] KEYFILE\n"
            "Finds the existing segment of the key ftok(KEYFILE, PROJ) and shows its\n"
            "shmid, size, owner and permission bits. It never creates one.\n"
            "  -p PROJ   the project id for ftok (default %d)\n"
            "  --help    show this help\n",
            prog, DEFAULT_PROJ);
}

/* Prints "shmsize: what: strerror(err)" and ends with status 1. */
static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(err));
    exit(1);
}

/* Parses a project id (1..255; ftok uses its low 8 bits, which must not be 0). */
static int parse_proj(const char *text)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 0);
    if (errno != 0 || end == text || *end != '\0' || value < 1 || value > 255) {
        fprintf(stderr, "%s: bad project id '%s': give a number from 1 to 255\n", prog, text);
        exit(2);
    }
    return (int) value;
}

/* "rw-r-----" for the permission bits of mode. */
static const char *rwx(unsigned mode)
{
    static char text[10];
    for (int i = 0; i < 9; i++)
        text[i] = (mode & (0400u >> i)) ? "rwx"[i % 3] : '-';
    text[9] = '\0';
    return text;
}

int main(int argc, char **argv)
{
    int proj = DEFAULT_PROJ;
    const char *path = NULL;
    char what[PATH_MAX + 64];

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
            proj = parse_proj(argv[++i]);
        } else if (argv[i][0] != '-' && path == NULL) {
            path = argv[i];
        } else {
            fprintf(stderr, "%s: unexpected argument '%s'; try --help\n", prog, argv[i]);
            return 2;
        }
    }
    if (path == NULL) {
        fprintf(stderr, "%s: expected KEYFILE; try --help\n", prog);
        return 2;
    }

    key_t key = ftok(path, proj);
    if (key == (key_t) -1) {
        snprintf(what, sizeof what, "cannot make a key from %s", path);
        fail(what, errno);
    }
    int shmid = seg_reopen(key, 0400);
    if (shmid == -1) {
        snprintf(what, sizeof what, "no segment for key 0x%08x of %s", (unsigned) key, path);
        fail(what, errno);
    }
    ssize_t size = seg_size(shmid);
    if (size == -1) {
        snprintf(what, sizeof what, "cannot read the size of segment %d", shmid);
        fail(what, errno);
    }
    struct shmid_ds ds;
    if (shmctl(shmid, IPC_STAT, &ds) == -1) {
        snprintf(what, sizeof what, "shmctl IPC_STAT segment %d", shmid);
        fail(what, errno);
    }
    const struct passwd *pw = getpwuid(ds.shm_perm.uid);
    printf("shmid %d key 0x%08x size %zd owner %u (%s) mode %04o %s\n", shmid,
           (unsigned) key, size, (unsigned) ds.shm_perm.uid, pw ? pw->pw_name : "?",
           ds.shm_perm.mode & 0777u, rwx(ds.shm_perm.mode & 0777u));
    return 0;
}
