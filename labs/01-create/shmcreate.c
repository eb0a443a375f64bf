/*
 * shmcreate.c: make a new shared memory segment for a key file, like
 * `ipcmk -M SIZE`, and print its id and key.
 *
 * Uses your seg_key and seg_create (create.c). The key is
 * ftok(KEYFILE, PROJ), PROJ 1 unless -p says otherwise: the same default as
 * every program of the kit, so they all find the segment from the same file.
 *
 *     $ touch /tmp/demo
 *     $ ./shmcreate /tmp/demo 4096
 *     shmid 0 key 0x01000a2b
 *     $ ./shmcreate -m 0640 /tmp/demo 100
 *     shmcreate: cannot create a segment for key 0x01000a2b: File exists
 *     $ ./shmcreate /tmp/nothing 100
 *     shmcreate: cannot make a key from /tmp/nothing: No such file or directory
 *     $ ipcs -m                     (the kernel's own list: key, shmid, perms, bytes)
 *     $ ipcrm -m 0                  (remove it again; lab 05 does this in C)
 *
 * Exit status: 0 when the segment was made, 1 when a call failed, 2 for a
 * usage error.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "create.h"

/* The project id the kit's programs give ftok unless told otherwise. */
#define DEFAULT_PROJ 1

static const char *prog = "shmcreate";

static void usage(FILE *to)
{
    fprintf(to,
            "usage: %s [-m MODE] [-p PROJ] KEYFILE SIZE\n"
            "Makes a new segment of SIZE bytes for the key ftok(KEYFILE, PROJ) and\n"
            "prints its shmid and key. KEYFILE must exist (touch it first).\n"
            "  -m MODE   permission bits in octal (default 0600)\n"
            "  -p PROJ   the project id for ftok (default %d)\n"
            "  --help    show this help\n",
            prog, DEFAULT_PROJ);
}

/* Parses a number from min to max in `base` (0: 0x.. hex, 0.. octal or
 * decimal), or ends the program with a usage error naming `what`. */
static unsigned long long parse_number(const char *text, int base, const char *what,
                                       unsigned long long min, unsigned long long max)
{
    char *end;
    unsigned long long value;

    errno = 0;
    value = strtoull(text, &end, base);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' ||
        value < min || value > max) {
        fprintf(stderr, "%s: bad %s '%s'; try --help\n", prog, what, text);
        exit(2);
    }
    return value;
}

int main(int argc, char **argv)
{
    int mode = 0600, proj = DEFAULT_PROJ;
    const char *args[2];
    int nargs = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc) {
            mode = (int) parse_number(argv[++i], 8, "mode (octal, 0 to 0777)", 0, 0777);
        } else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
            proj = (int) parse_number(argv[++i], 0, "project id (1 to 255)", 1, 255);
        } else if (argv[i][0] != '-' && nargs < 2) {
            args[nargs++] = argv[i];
        } else {
            fprintf(stderr, "%s: unexpected argument '%s'; try --help\n", prog, argv[i]);
            return 2;
        }
    }
    if (nargs != 2) {
        fprintf(stderr, "%s: expected KEYFILE and SIZE; try --help\n", prog);
        return 2;
    }
    const char *path = args[0];
    size_t size = (size_t) parse_number(args[1], 10, "size in bytes", 0, SIZE_MAX);

    key_t key = seg_key(path, proj);
    if (key == (key_t) -1) {
        fprintf(stderr, "%s: cannot make a key from %s: %s\n", prog, path, strerror(errno));
        return 1;
    }
    int shmid = seg_create(key, size, mode);
    if (shmid == -1) {
        fprintf(stderr, "%s: cannot create a segment for key 0x%08x: %s\n",
                prog, (unsigned) key, strerror(errno));
        return 1;
    }
    printf("shmid %d key 0x%08x\n", shmid, (unsigned) key);
    return 0;
}
