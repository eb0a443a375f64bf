/*
 * shmattach.c: attach the segment of a key file, show its attach count, hold
 * the attachment as long as you like, then detach and show the count again.
 * The `nattch` column of `ipcs -m`, for one segment, as it changes.
 *
 * Uses your seg_detach and seg_nattch (detach.c); finding and attaching the
 * segment (labs 01-03) are done here with ftok, shmget and shmat.
 *
 *     $ ./shmcreate /tmp/demo 4096          (lab 01: make the segment)
 *     $ ./shmattach --hold /tmp/demo        (terminal 1)
 *     attached segment 0 (key 0x01000a2b) at 0x7f0e5c1d2000
 *     nattch 1
 *     holding the attachment: press Enter (or Ctrl-C) to detach
 *     $ ./shmattach /tmp/demo               (terminal 2, meanwhile)
 *     attached segment 0 (key 0x01000a2b) at 0x7f9a2e7b5000
 *     nattch 2
 *     detached
 *     nattch 1
 *                                           (Enter in terminal 1)
 *     detached
 *     nattch 0
 *
 * The key is ftok(KEYFILE, PROJ), PROJ 1 unless -p says otherwise, as in
 * every program of the kit. Exit status: 0 when it attached and detached,
 * 1 when a call failed, 2 for a usage error.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#include "detach.h"
#include "driver.h"

#define PROG "shmattach"

static const char help[] =
    "usage: " PROG " [--hold] [-r] [-p PROJ] KEYFILE\n"
    "Attaches the segment of ftok(KEYFILE, PROJ), shows its attach count\n"
    "(nattch), detaches it and shows the count again.\n"
    "  --hold    keep the attachment until Enter, end of input, Ctrl-C or\n"
    "            SIGTERM, so that other processes can see it counted\n"
    "  -r        attach read-only (SHM_RDONLY)\n";

static void ignore_signal(int sig)
{
    (void) sig;
}

/* Waits for a line on stdin, end of input, or SIGINT/SIGTERM/SIGHUP. */
static void hold(void)
{
    struct sigaction sa;
    char c;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ignore_signal;   /* no SA_RESTART: the read is interrupted */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    printf("holding the attachment: press Enter (or Ctrl-C) to detach\n");
    fflush(stdout);
    while (read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
        continue;
}

/* Shows the attach count with the student's seg_nattch. */
static void show_nattch(int shmid)
{
    int n = seg_nattch(shmid);

    if (n == -1)
        driver_fail("seg_nattch");
    printf("nattch %d\n", n);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int proj = DRIVER_DEFAULT_PROJ, readonly = 0, holding = 0;
    const char *path;
    const struct driver_option options[] = {
        { "--hold", &holding, NULL }, { "-r", &readonly, NULL }, { NULL, NULL, NULL }
    };

    driver_start(PROG, help);
    if (driver_parse(argc, argv, options, &proj, &path, 1) != 1)
        driver_usage_error("expected KEYFILE");

    key_t key = driver_key(ftok, path, proj);
    int shmid = shmget(key, 0, 0);
    if (shmid == -1)
        driver_fail("no segment for key 0x%08x of %s", (unsigned) key, path);
    void *addr = shmat(shmid, NULL, readonly ? SHM_RDONLY : 0);
    if (addr == (void *) -1)
        driver_fail("shmat segment %d", shmid);
    printf("attached segment %d (key 0x%08x) at %p%s\n", shmid, (unsigned) key,
           addr, readonly ? " read-only" : "");
    show_nattch(shmid);

    if (holding)
        hold();

    if (seg_detach(addr) == -1)
        driver_fail("seg_detach");
    printf("detached\n");
    int after = seg_nattch(shmid);
    if (after == -1 && errno == EINVAL) {
        /* Removed meanwhile (shmrm), and ours was its last attachment. */
        printf("segment %d is gone: it was marked for removal and this was "
               "its last attachment\n", shmid);
        return 0;
    }
    if (after == -1)
        driver_fail("seg_nattch");
    printf("nattch %d\n", after);
    return 0;
}
