/*
 * ring-producer.c: sends each line of its standard input, newline included,
 * as one message into a ring (your ring.c), then an empty message: the end
 * marker that stops ring-consumer. Run it beside ring-consumer in another
 * terminal and watch the lines go across; start a second producer to see
 * two processes share one ring.
 *
 *     $ touch /tmp/ring
 *     $ ./ring-producer --create /tmp/ring 4       # makes the ring, then reads lines
 *     made a ring of 4 slots for key 0x01000a31
 *     hello
 *     world
 *     ^D
 *     sent 2 messages and the end marker
 *                                       # meanwhile, in another terminal:
 *                                       $ ./ring-consumer --destroy /tmp/ring
 *                                       hello
 *                                       world
 *     $ seq 1 100 | ./ring-producer /tmp/ring      # opens an existing ring: none now
 *     ring-producer: cannot open the ring for key 0x01000a31: No such file or directory
 *
 * The key is ftok(KEYFILE, PROJ), PROJ 1 unless -p says otherwise, as for
 * every program of the kit. Exit status: 0 when every line was sent, 1 when a
 * call failed (a line longer than RING_MSG_MAX bytes fails with EMSGSIZE; the
 * end marker still goes, so that the consumer stops), 2 for a usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/types.h>

#include "ring.h"

#define PROG         "ring-producer"
/* The project id the kit's programs give ftok unless told otherwise. */
#define DEFAULT_PROJ 1
/* More slots than this cannot be counted by a semaphore (SEMVMX). */
#define MAX_SLOTS    32767

static void usage(FILE *to)
{
    fprintf(to,
            "usage: " PROG " [-p PROJ] [--no-end] KEYFILE\n"
            "       " PROG " [-p PROJ] [--no-end] --create KEYFILE SLOTS\n"
            "Sends each line of standard input (with its newline) as one message into the\n"
            "ring for the key ftok(KEYFILE, PROJ), sleeping while the ring is full, then an\n"
            "empty message that tells ring-consumer the input has ended.\n"
            "  --create  make a new ring of SLOTS slots first (it stays after we exit)\n"
            "  --no-end  do not send the end marker (when several producers share a ring)\n"
            "  -p PROJ   the project id for ftok (default %d)\n"
            "  --help    show this help\n",
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

/* Sends every line of `in`, then the end marker unless told not to. Returns
 * the exit status. */
static int send_lines(struct ring *r, FILE *in, int send_end)
{
    char *line = NULL;
    size_t size = 0;
    ssize_t len;
    long sent = 0;

    while ((len = getline(&line, &size, in)) != -1) {
        if (ring_put(r, line, (size_t) len) == -1) {
            fprintf(stderr, PROG ": cannot send line %ld (%zd bytes): %s\n",
                    sent + 1, len, strerror(errno));
            free(line);
            if (send_end)
                ring_put(r, "", 0);     /* still stop the consumer, if the ring is there */
            return 1;
        }
        sent++;
    }
    free(line);
    if (send_end && ring_put(r, "", 0) == -1) {
        fprintf(stderr, PROG ": cannot send the end marker: %s\n", strerror(errno));
        return 1;
    }
    printf("sent %ld message%s%s\n", sent, sent == 1 ? "" : "s",
           send_end ? " and the end marker" : "");
    return 0;
}

int main(int argc, char **argv)
{
    int proj = DEFAULT_PROJ, create = 0, send_end = 1;
    const char *args[2];
    int nargs = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--create") == 0) {
            create = 1;
        } else if (strcmp(argv[i], "--no-end") == 0) {
            send_end = 0;
        } else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
            proj = (int) parse_number(argv[++i], "project id (1 to 255)", 1, 255);
        } else if (argv[i][0] != '-' && nargs < 2) {
            args[nargs++] = argv[i];
        } else {
            fprintf(stderr, PROG ": unexpected argument '%s'; try --help\n", argv[i]);
            return 2;
        }
    }
    if (nargs != (create ? 2 : 1)) {
        fprintf(stderr, PROG ": expected %s; try --help\n",
                create ? "--create KEYFILE SLOTS" : "KEYFILE");
        return 2;
    }

    key_t key = ftok(args[0], proj);
    if (key == (key_t) -1) {
        fprintf(stderr, PROG ": cannot make a key from %s: %s\n", args[0], strerror(errno));
        return 1;
    }
    struct ring *r;
    if (create) {
        unsigned slots = (unsigned) parse_number(args[1], "number of slots (1 to 32767)",
                                                 1, MAX_SLOTS);
        r = ring_create(key, slots);
        if (r == NULL) {
            fprintf(stderr, PROG ": cannot make a ring for key 0x%08x: %s\n",
                    (unsigned) key, strerror(errno));
            return 1;
        }
        printf("made a ring of %u slot%s for key 0x%08x\n", slots, slots == 1 ? "" : "s",
               (unsigned) key);
        fflush(stdout);
    } else {
        r = ring_open(key);
        if (r == NULL) {
            fprintf(stderr, PROG ": cannot open the ring for key 0x%08x: %s\n",
                    (unsigned) key, strerror(errno));
            return 1;
        }
    }

    int status = send_lines(r, stdin, send_end);
    if (ring_close(r) == -1 && status == 0) {
        fprintf(stderr, PROG ": cannot close the ring: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}
