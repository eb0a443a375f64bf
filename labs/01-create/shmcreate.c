/*
 * shmcreate.c: make a new shared memory segment for a key file, like
 * `ipcmk -M SIZE`, and print its id and key.
 *
 * Uses your seg_key and seg_create (create.c). The key is
 * ftok(KEYFILE, PROJ), PROJ 1 unless -p says otherwise: the same default as
 * every program of the kit, so they all find the segment from the same file
 * (../common/driver.h: what the programs share).
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
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "create.h"
#include "driver.h"

#define PROG "shmcreate"
/* The largest size the command line takes: what both size_t and the
 * parser's long long hold. */
#define MAX_SIZE ((unsigned long long) SIZE_MAX < LLONG_MAX ? (long long) SIZE_MAX : LLONG_MAX)

static const char help[] =
    "usage: " PROG " [-m MODE] [-p PROJ] KEYFILE SIZE\n"
    "Makes a new segment of SIZE bytes for the key ftok(KEYFILE, PROJ) and\n"
    "prints its shmid and key. KEYFILE must exist (touch it first).\n"
    "  -m MODE   permission bits in octal (default 0600)\n";

int main(int argc, char **argv)
{
    const char *mode_text = NULL, *operands[2];
    const struct driver_option options[] = { { "-m", NULL, &mode_text }, { NULL, NULL, NULL } };
    int proj = DRIVER_DEFAULT_PROJ;

    driver_start(PROG, help);
    if (driver_parse(argc, argv, options, &proj, operands, 2) != 2)
        driver_usage_error("expected KEYFILE and SIZE");
    int mode = mode_text ? (int) driver_number(mode_text, 8, 0, 0777, "mode") : 0600;
    size_t size = (size_t) driver_number(operands[1], 10, 0, MAX_SIZE, "size in bytes");

    key_t key = driver_key(seg_key, operands[0], proj);
    int shmid = seg_create(key, size, mode);
    if (shmid == -1)
        driver_fail("cannot create a segment for key 0x%08x", (unsigned) key);
    printf("shmid %d key 0x%08x\n", shmid, (unsigned) key);
    return 0;
}
