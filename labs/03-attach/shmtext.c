/*
 * shmtext.c: write a line of text into the segment of a key file, and read
 * it back from any other process: the segment outlives the writer.
 *
 * Uses your seg_attach (attach.c): read-write to write, read-only to read.
 * Making the key (lab 01), finding the segment and its size (lab 02) and
 * detaching (lab 04) are done here with ftok, shmget, shmctl and shmdt.
 *
 *     $ ./shmcreate /tmp/demo 4096                  (lab 01: make the segment)
 *     shmid 0 key 0x01000a2b
 *     $ ./shmtext write /tmp/demo "hello from terminal 1"
 *     wrote 22 bytes into segment 0
 *     $ ./shmtext read /tmp/demo                    (terminal 2, any time later)
 *     hello from terminal 1
 *     $ ./shmcreate -m 0444 /tmp/other 64
 *     $ ./shmtext write /tmp/other hi
 *     shmtext: cannot attach segment 1 read-write: Permission denied
 *
 * The text is stored with its final NUL, so it must be shorter than the
 * segment. Exit status: 0 on success, 1 when a call failed or the text does
 * not fit, 2 for a usage error.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "attach.h"

/* The project id the kit's programs give ftok unless told otherwise. */
#define DEFAULT_PROJ 1

static const char *prog = "shmtext";

static void usage(FILE *to)
{
    fprintf(to,
            "usage: %s [-p PROJ] write KEYFILE TEXT   store TEXT in the segment\n"
            "       %s [-p PROJ] read KEYFILE         print the text stored there\n"
            "The segment is the existing one of the key ftok(KEYFILE, PROJ).\n"
            "  -p PROJ   the project id for ftok (default %d)\n"
            "  --help    show this help\n",
            prog, prog, DEFAULT_PROJ);
}

/* Prints "shmtext: what: strerror(err)" and ends with status 1. */
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

/* Finds the segment of ftok(path, proj) and its size, without asking for
 * any access: seg_attach is where access is checked. */
static int find_segment(const char *path, int proj, size_t *size)
{
    char what[PATH_MAX + 64];
    struct shmid_ds ds;

    key_t key = ftok(path, proj);
    if (key == (key_t) -1) {
        snprintf(what, sizeof what, "cannot make a key from %s", path);
        fail(what, errno);
    }
    int shmid = shmget(key, 0, 0);
    if (shmid == -1) {
        snprintf(what, sizeof what, "no segment for key 0x%08x of %s", (unsigned) key, path);
        fail(what, errno);
    }
    if (shmctl(shmid, IPC_STAT, &ds) == -1) {
        snprintf(what, sizeof what, "cannot read the size of segment %d", shmid);
        fail(what, errno);
    }
    *size = ds.shm_segsz;
    return shmid;
}

/* Attaches with the student's seg_attach, or ends the program. */
static char *attach(int shmid, int readonly)
{
    char what[64];
    char *addr = seg_attach(shmid, readonly);

    if (addr == NULL) {
        snprintf(what, sizeof what, "cannot attach segment %d %s", shmid,
                 readonly ? "read-only" : "read-write");
        fail(what, errno);
    }
    return addr;
}

static void detach(const char *addr)
{
    if (shmdt(addr) == -1)
        fail("shmdt", errno);
}

static int write_text(int shmid, size_t size, const char *text)
{
    size_t len = strlen(text) + 1;

    if (len > size) {
        fprintf(stderr, "%s: the text does not fit: %zu bytes with its final NUL, "
                "segment %d holds %zu\n", prog, len, shmid, size);
        return 1;
    }
    char *addr = attach(shmid, 0);
    memcpy(addr, text, len);
    detach(addr);
    printf("wrote %zu bytes into segment %d\n", len, shmid);
    return 0;
}

static int read_text(int shmid, size_t size)
{
    char *addr = attach(shmid, 1);
    size_t len = strnlen(addr, size);   /* a full segment may hold no NUL */

    fwrite(addr, 1, len, stdout);
    putchar('\n');
    detach(addr);
    return 0;
}

int main(int argc, char **argv)
{
    int proj = DEFAULT_PROJ;
    const char *args[3];
    int nargs = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc && nargs == 0) {
            proj = parse_proj(argv[++i]);
        } else if (nargs < 3) {
            args[nargs++] = argv[i];
        } else {
            fprintf(stderr, "%s: unexpected argument '%s'; try --help\n", prog, argv[i]);
            return 2;
        }
    }
    int writing = nargs == 3 && strcmp(args[0], "write") == 0;
    int reading = nargs == 2 && strcmp(args[0], "read") == 0;
    if (!writing && !reading) {
        fprintf(stderr, "%s: expected 'write KEYFILE TEXT' or 'read KEYFILE'; try --help\n", prog);
        return 2;
    }

    size_t size;
    int shmid = find_segment(args[1], proj, &size);
    return writing ? write_text(shmid, size, args[2]) : read_text(shmid, size);
}
