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
#include <sys/ipc.h>
#include <sys/types.h>

#include "driver.h"
#include "ring.h"

#define PROG "ring-consumer"

static const char help[] =
    "usage: " PROG " [-p PROJ] [-n COUNT] [--destroy] KEYFILE\n"
    "Prints each message of the ring for the key ftok(KEYFILE, PROJ) as it\n"
    "arrives, sleeping while the ring is empty, until the end marker (an empty\n"
    "message) or COUNT messages.\n"
    "  -n COUNT  stop after COUNT messages (the end marker stops it earlier)\n"
    "  --destroy remove the ring (segment and semaphore set) at the end\n";

/* Prints messages until the end marker or `count` of them (count < 0: no
 * limit). Returns the exit status. */
static int print_messages(struct ring *r, long count)
{
    unsigned char buf[RING_MSG_MAX];

    for (long n = 0; count < 0 || n < count; n++) {
        ssize_t len = ring_get(r, buf, sizeof buf);
        if (len == -1) {
            driver_warn(errno, "cannot take message %ld", n + 1);
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
    int proj = DRIVER_DEFAULT_PROJ, destroy = 0;
    const char *path, *count_text = NULL;
    const struct driver_option options[] = {
        { "--destroy", &destroy, NULL }, { "-n", NULL, &count_text }, { NULL, NULL, NULL }
    };

    driver_start(PROG, help);
    if (driver_parse(argc, argv, options, &proj, &path, 1) != 1)
        driver_usage_error("expected KEYFILE");
    long count = count_text ? (long) driver_number(count_text, 10, 0, 1000000000L, "count") : -1;

    key_t key = driver_key(ftok, path, proj);
    struct ring *r = ring_open(key);
    if (r == NULL)
        driver_fail("cannot open the ring for key 0x%08x", (unsigned) key);

    int status = print_messages(r, count);
    if (destroy && ring_destroy(r) == -1) {
        driver_warn(errno, "cannot destroy the ring");
        status = 1;
    } else if (!destroy && ring_close(r) == -1) {
        driver_warn(errno, "cannot close the ring");
        status = 1;
    }
    return status;
}
