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
#include <sys/ipc.h>
#include <sys/types.h>

#include "driver.h"
#include "ring.h"

#define PROG         "ring-producer"
/* More slots than this cannot be counted by a semaphore (SEMVMX). */
#define MAX_SLOTS    32767

static const char help[] =
    "usage: " PROG " [-p PROJ] [--no-end] KEYFILE\n"
    "       " PROG " [-p PROJ] [--no-end] --create KEYFILE SLOTS\n"
    "Sends each line of standard input (with its newline) as one message into the\n"
    "ring for the key ftok(KEYFILE, PROJ), sleeping while the ring is full, then an\n"
    "empty message that tells ring-consumer the input has ended.\n"
    "  --create  make a new ring of SLOTS slots first (it stays after we exit)\n"
    "  --no-end  do not send the end marker (when several producers share a ring)\n";

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
            driver_warn(errno, "cannot send line %ld (%zd bytes)", sent + 1, len);
            free(line);
            if (send_end)
                ring_put(r, "", 0);     /* still stop the consumer, if the ring is there */
            return 1;
        }
        sent++;
    }
    free(line);
    if (send_end && ring_put(r, "", 0) == -1) {
        driver_warn(errno, "cannot send the end marker");
        return 1;
    }
    printf("sent %ld message%s%s\n", sent, sent == 1 ? "" : "s",
           send_end ? " and the end marker" : "");
    return 0;
}

/* The ring for key: a new one of slots_text slots, or the existing one
 * (slots_text NULL). Ends the program when it cannot have it. */
static struct ring *ring_for(key_t key, const char *slots_text)
{
    if (slots_text == NULL) {
        struct ring *r = ring_open(key);
        if (r == NULL)
            driver_fail("cannot open the ring for key 0x%08x", (unsigned) key);
        return r;
    }
    unsigned slots = (unsigned) driver_number(slots_text, 10, 1, MAX_SLOTS, "number of slots");
    struct ring *r = ring_create(key, slots);
    if (r == NULL)
        driver_fail("cannot make a ring for key 0x%08x", (unsigned) key);
    printf("made a ring of %u slot%s for key 0x%08x\n", slots, slots == 1 ? "" : "s",
           (unsigned) key);
    fflush(stdout);
    return r;
}

int main(int argc, char **argv)
{
    int proj = DRIVER_DEFAULT_PROJ, create = 0, no_end = 0;
    const char *args[2];
    const struct driver_option options[] = {
        { "--create", &create, NULL }, { "--no-end", &no_end, NULL }, { NULL, NULL, NULL }
    };

    driver_start(PROG, help);
    if (driver_parse(argc, argv, options, &proj, args, 2) != (create ? 2 : 1))
        driver_usage_error("expected %s", create ? "--create KEYFILE SLOTS" : "KEYFILE");

    struct ring *r = ring_for(driver_key(ftok, args[0], proj), create ? args[1] : NULL);
    int status = send_lines(r, stdin, !no_end);
    if (ring_close(r) == -1 && status == 0) {
        driver_warn(errno, "cannot close the ring");
        status = 1;
    }
    return status;
}
