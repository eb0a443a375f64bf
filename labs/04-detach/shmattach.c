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
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#include "detach.h"

/* The project id the kit's programs give ftok unless told otherwise. */
#define DEFAULT_PROJ 1

static const char *prog = "shmattach";

static void usage(FILE *to)
{
    fprintf(to,
            "usage: %s [--hold] [-r] [-p PROJ] KEYFILE\n"
            "Attaches the segment of ftok(KEYFILE, PROJ), shows its attach count\n"
            "(nattch), detaches it and shows the count again.\n"
            "  --hold    keep the attachment until Enter, end of input, Ctrl-C or\n"
            "            SIGTERM, so that other processes can see it counted\n"
            "  -r        attach read-only (SHM_RDONLY)\n"
            "  -p PROJ   the project id for ftok (default %d)\n"
            "  --help    show this help\n",
            prog, DEFAULT_PROJ);
}

/* Prints "shmattach: what: strerror(err)" and ends with status 1. */
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
        fprintf(stderr, "%s: bad project id '%s': give a number from 1 to 255\n",
                prog, text);
        exit(2);
    }
    return (int) value;
}

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
        fail("seg_nattch", errno);
    printf("nattch %d\n", n);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int proj = DEFAULT_PROJ, readonly = 0, holding = 0;
    const char *path = NULL;
    char what[PATH_MAX + 32];
    key_t key;
    int shmid, after;
    void *addr;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--hold") == 0) {
            holding = 1;
        } else if (strcmp(argv[i], "-r") == 0) {
            readonly = 1;
        } else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
            proj = parse_proj(argv[++i]);
        } else if (argv[i][0] != '-' && path == NULL) {
            path = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (path == NULL) {
        usage(stderr);
        return 2;
    }

    key = ftok(path, proj);
    if (key == (key_t) -1) {
        snprintf(what, sizeof what, "ftok %s", path);
        fail(what, errno);
    }
    shmid = shmget(key, 0, 0);
    if (shmid == -1) {
        snprintf(what, sizeof what, "no segment for key 0x%08x of %s",
                 (unsigned) key, path);
        fail(what, errno);
    }
    addr = shmat(shmid, NULL, readonly ? SHM_RDONLY : 0);
    if (addr == (void *) -1) {
        snprintf(what, sizeof what, "shmat segment %d", shmid);
        fail(what, errno);
    }
    printf("attached segment %d (key 0x%08x) at %p%s\n", shmid, (unsigned) key,
           addr, readonly ? " read-only" : "");
    show_nattch(shmid);

    if (holding)
        hold();

    if (seg_detach(addr) == -1)
        fail("seg_detach", errno);
    printf("detached\n");
    after = seg_nattch(shmid);
    if (after == -1 && errno == EINVAL) {
        /* Removed meanwhile (shmrm), and ours was its last attachment. */
        printf("segment %d is gone: it was marked for removal and this was "
               "its last attachment\n", shmid);
        return 0;
    }
    if (after == -1)
        fail("seg_nattch", errno);
    printf("nattch %d\n", after);
    return 0;
}
