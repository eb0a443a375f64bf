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
#include <pwd.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "driver.h"
#include "reopen.h"

#define PROG "shmsize"

static const char help[] =
    "usage: " PROG " [-p PROJ] KEYFILE\n"
    "Finds the existing segment of the key ftok(KEYFILE, PROJ) and shows its\n"
    "shmid, size, owner and permission bits. It never creates one.\n";

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
    const char *path;
    int proj = DRIVER_DEFAULT_PROJ;

    driver_start(PROG, help);
    if (driver_parse(argc, argv, NULL, &proj, &path, 1) != 1)
        driver_usage_error("expected KEYFILE");

    key_t key = driver_key(ftok, path, proj);
    int shmid = seg_reopen(key, 0400);
    if (shmid == -1)
        driver_fail("no segment for key 0x%08x of %s", (unsigned) key, path);
    ssize_t size = seg_size(shmid);
    if (size == -1)
        driver_fail("cannot read the size of segment %d", shmid);
    struct shmid_ds ds;
    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        driver_fail("shmctl IPC_STAT segment %d", shmid);
    const struct passwd *pw = getpwuid(ds.shm_perm.uid);
    printf("shmid %d key 0x%08x size %zd owner %u (%s) mode %04o %s\n", shmid,
           (unsigned) key, size, (unsigned) ds.shm_perm.uid, pw ? pw->pw_name : "?",
           ds.shm_perm.mode & 0777u, rwx(ds.shm_perm.mode & 0777u));
    return 0;
}
