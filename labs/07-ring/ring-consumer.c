/*
 * ring-consumer.c: prints the messages of a ring (your ring.c) as they
 * arrive, sleeping while the ring is empty, until the end marker (an empty
 * message, which ring-producer sends at the end of its input) or COUNT
 * messages. With --destroy it then removes the ring.
 *
 *     $ touch /tmp/ring
 *     $ ./ring-producer --create /tmp/ring 4 < /etc/hostname
 *     made a ring of 4 slots for key 0x01000a31
 *     sent 1 message and the end marker
 *     $ ./ring-consumer --destroy /tmp/ring
 *     debian
 *     $ ./ring-consumer /tmp/ring
 *     ring-consumer: cannot open the ring for key 0x01000a31: No such file or directory
 *
 * Two terminals: start `./ring-producer --create /tmp/ring 4` in one and type
 * lines, run `./ring-consumer --destroy /tmp/ring` in the other; Ctrl-D in
 * the first ends both. `ipcs` shows the segment and the semaphore set.
 *
 * The key is ftok(KEYFILE, PROJ), PROJ 1 unless -p says otherwise. Exit
 * status: 0 at the end marker or after COUNT messages, 1 when a call failed
 * (ring_get fails with EIDRM when another process destroys the ring), 2 for a
 * usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/types.h>

#include "ring.h"

#define PROG         "ring-consumer"
/* The project id the kit's programs give ftok unless told otherwise. */
#define DEFAULT_PROJ 1

static void usage(FILE *to)
{
    fprintf(to,
            "usage: " PROG " [-p PROJ] [-n COUNT] [--destroy] KEYFILE\n"
            "Prints each message of the ring for the key ftok(KEYFILE, PROJ) as it\n"
            "arrives, sleeping while the ring is empty, until the end marker (an empty\n"
            "message) or COUNT messages.\n"
            "  -n COUNT   stop after COUNT messages (the end marker stops it earlier)\n"
            "  --destroy  remove the ring (segment and semaphore set) at the end\n"
            "  -p PROJ    the project id for ftok (default %d)\n"
            "  --help     show this help\n",
            DEFAULT_PROJ);
}

/* Parses a whole number from min to max, or exits with a usage error. */
static long parse_number(const char *text, const char *what, long min, long max)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, PROG ": bad %s '%s'; try --help\n", what, text);
        exit(2);
    }
    return value;
}

/* Prints messages until the end marker or `count` of them (count < 0: no
 * limit). Returns the exit status. */
static int print_messages(struct ring *r, long count)
{
    unsigned char buf[RING_MSG_MAX];

    for (long n = 0; count < 0 || n < count; n++) {
        ssize_t len = ring_get(r, buf, sizeof buf);
        if (len == -1) {
            fprintf(stderr, PROG ": cannot take message %ld: %s\n", n + 1, strerror(errno));
            return 1;
        }
        if (len == 0)
            break;                  /* the end marker */
        size_t shown = (size_t) len < sizeof buf ? (size_t) len : sizeof buf;
        fwrite(buf, 1, shown, stdout);
        if (buf[shown - 1] != '\n')
            putchar('\n');
        fflush(stdout);
    }
    return 0;
}

int main(int argc, char **argv)
{
    int proj = DEFAULT_PROJ, destroy = 0;
    long count = -1;
    const char *path = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--destroy") == 0) {
            destroy = 1;
        } else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            count = parse_number(argv[++i], "count", 0, 1000000000L);
        } else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
            proj = (int) parse_number(argv[++i], "project id (1 to 255)", 1, 255);
        } else if (argv[i][0] != '-' && path == NULL) {
            path = argv[i];
        } else {
            fprintf(stderr, PROG ": unexpected argument '%s'; try --help\n", argv[i]);
            return 2;
        }
    }
    if (path == NULL) {
        fprintf(stderr, PROG ": expected KEYFILE; try --help\n");
        return 2;
    }

    key_t key = ftok(path, proj);
    if (key == (key_t) -1) {
        fprintf(stderr, PROG ": cannot make a key from %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct ring *r = ring_open(key);
    if (r == NULL) {
        fprintf(stderr, PROG ": cannot open the ring for key 0x%08x: %s\n",
                (unsigned) key, strerror(errno));
        return 1;
    }

    int status = print_messages(r, count);
    if (destroy) {
        if (ring_destroy(r) == -1) {
            fprintf(stderr, PROG ": cannot destroy the ring: %s\n", strerror(errno));
            status = 1;
        }
    } else if (ring_close(r) == -1) {
        fprintf(stderr, PROG ": cannot close the ring: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}
