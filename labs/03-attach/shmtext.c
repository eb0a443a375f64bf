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
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "attach.h"
#include "driver.h"

#define PROG "shmtext"

static const char help[] =
    "usage: " PROG " [-p PROJ] write KEYFILE TEXT   store TEXT in the segment\n"
    "       " PROG " [-p PROJ] read KEYFILE         print the text stored there\n"
    "The segment is the existing one of the key ftok(KEYFILE, PROJ).\n";

/* Finds the segment of ftok(path, proj) and its size, without asking for
 * any access: seg_attach is where access is checked. */
static int find_segment(const char *path, int proj, size_t *size)
{
    struct shmid_ds ds;
    key_t key = driver_key(ftok, path, proj);
    int shmid = shmget(key, 0, 0);

    if (shmid == -1)
        driver_fail("no segment for key 0x%08x of %s", (unsigned) key, path);
    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        driver_fail("cannot read the size of segment %d", shmid);
    *size = ds.shm_segsz;
    return shmid;
}

/* Attaches with the student's seg_attach, or ends the program. */
static char *attach(int shmid, int readonly)
{
    char *addr = seg_attach(shmid, readonly);

    if (addr == NULL)
        driver_fail("cannot attach segment %d %s", shmid, readonly ? "read-only" : "read-write");
    return addr;
}

static void detach(const char *addr)
{
    if (shmdt(addr) == -1)
        driver_fail("shmdt");
}

static int write_text(int shmid, size_t size, const char *text)
{
    size_t len = strlen(text) + 1;

    if (len > size) {
        driver_warn(0, "the text does not fit: %zu bytes with its final NUL, segment %d holds %zu",
                    len, shmid, size);
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
    const char *args[3];
    int proj = DRIVER_DEFAULT_PROJ;

    driver_start(PROG, help);
    int nargs = driver_parse(argc, argv, NULL, &proj, args, 3);
    int writing = nargs == 3 && strcmp(args[0], "write") == 0;
    int reading = nargs == 2 && strcmp(args[0], "read") == 0;
    if (!writing && !reading)
        driver_usage_error("expected 'write KEYFILE TEXT' or 'read KEYFILE'");

    size_t size;
    int shmid = find_segment(args[1], proj, &size);
    return writing ? write_text(shmid, size, args[2]) : read_text(shmid, size);
}
