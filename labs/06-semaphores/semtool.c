/*
 * semtool.c: lab 06's program, a small semaphore tool built on your
 * semaphores.c. A key file names the set: key = ftok(FILE, PROJ), PROJ 1
 * unless -p says otherwise, as with the segment tools of labs 04-05 (a set and
 * a segment may share a key: the two key spaces are separate). Run it from
 * two terminals to see one process sleep in a wait until the other posts.
 *
 *   $ touch /tmp/demo
 *   $ ./semtool create /tmp/demo 2 0600
 *   created semaphore set 0 for key 0x01000a2b: 2 semaphores, mode 0600
 *   $ ./semtool wait /tmp/demo 0            # sleeps: semaphore 0 is 0
 *   waiting on semaphore 0 of set 0
 *                                        # meanwhile, in another terminal:
 *                                        $ ./semtool post /tmp/demo 0
 *                                        posted semaphore 0 of set 0
 *   took semaphore 0 of set 0
 *   $ ./semtool set /tmp/demo 1 5
 *   semaphore 1 of set 0 is now 5
 *   $ ./semtool show /tmp/demo
 *   semaphore set 0 for key 0x01000a2b: 2 semaphores, mode 0600
 *   semaphore 0: value 0, 0 waiting
 *   semaphore 1: value 5, 0 waiting
 *   $ ./semtool remove /tmp/demo
 *   removed semaphore set 0
 *
 * Errors are one line on stderr and exit status 1 (2 for a bad command line).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include "semaphores.h"

#define PROG         "semtool"
/* The project id the kit's programs give ftok unless told otherwise. */
#define DEFAULT_PROJ 1

static int proj_id = DEFAULT_PROJ;

/* semctl's fourth argument, for IPC_STAT (the caller defines it). */
union semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
};

static const char usage_text[] =
    "usage: " PROG " [-p PROJ] COMMAND FILE [ARGS]   (key = ftok(FILE, PROJ), PROJ 1 by default)\n"
    "  create FILE NSEMS [MODE]  make a new set of NSEMS semaphores (MODE in octal, default 0600)\n"
    "  show   FILE               print each semaphore's value and how many processes wait on it\n"
    "  set    FILE NUM VALUE     set semaphore NUM (from 0) to VALUE (0..32767)\n"
    "  wait   FILE NUM           take 1 from semaphore NUM, sleeping while it is 0 (P)\n"
    "  post   FILE NUM           add 1 to semaphore NUM, waking a waiter (V)\n"
    "  remove FILE               remove the set; waiting processes fail with EIDRM\n";

/* Prints "semtool: WHAT: strerror(errno)" and exits 1. */
static _Noreturn void die(const char *what)
{
    int err = errno;

    fprintf(stderr, "%s: %s: %s\n", PROG, what, strerror(err));
    exit(1);
}

/* Prints a one-line command line error and exits 2. */
static _Noreturn void bad_usage(const char *why)
{
    fprintf(stderr, "%s: %s (try '%s --help')\n", PROG, why, PROG);
    exit(2);
}

/* Parses `text` as a whole number in `base` within [min, max], or exits. */
static long number(const char *text, int base, long min, long max, const char *what)
{
    char *end;
    long  v;

    errno = 0;
    v = strtol(text, &end, base);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
        char why[128];

        snprintf(why, sizeof why, "bad %s '%s'", what, text);
        bad_usage(why);
    }
    return v;
}

static key_t key_of(const char *file)
{
    key_t key = ftok(file, proj_id);

    if (key == (key_t) -1) {
        char what[PATH_MAX + 16];

        snprintf(what, sizeof what, "ftok %s", file);
        die(what);
    }
    return key;
}

/* The existing set for FILE, opened for `mode` with the student's reopen. */
static int open_set(const char *file, int mode)
{
    int semid = semset_reopen(key_of(file), mode);

    if (semid == -1)
        die("semset_reopen");
    return semid;
}

static int cmd_create(const char *file, const char *nsems_text, const char *mode_text)
{
    key_t key   = key_of(file);
    int   nsems = (int) number(nsems_text, 10, 1, INT_MAX, "number of semaphores");
    int   mode  = mode_text ? (int) number(mode_text, 8, 0, 0777, "mode") : 0600;
    int   semid = semset_create(key, nsems, mode);

    if (semid == -1)
        die("semset_create");
    printf("created semaphore set %d for key 0x%08x: %d semaphore%s, mode %04o\n",
           semid, (unsigned) key, nsems, nsems == 1 ? "" : "s", (unsigned) mode);
    return 0;
}

static int cmd_show(const char *file)
{
    key_t           key   = key_of(file);
    int             semid = open_set(file, 0400);
    struct semid_ds ds;
    union semun     arg   = { .buf = &ds };

    if (semctl(semid, 0, IPC_STAT, arg) == -1)
        die("semctl IPC_STAT");
    printf("semaphore set %d for key 0x%08x: %lu semaphore%s, mode %04o\n",
           semid, (unsigned) key, (unsigned long) ds.sem_nsems,
           ds.sem_nsems == 1 ? "" : "s", (unsigned) (ds.sem_perm.mode & 0777));
    for (unsigned long i = 0; i < ds.sem_nsems; i++) {
        int value = semset_getval(semid, (int) i);
        int waiting;

        if (value == -1)
            die("semset_getval");
        waiting = semctl(semid, (int) i, GETNCNT);
        if (waiting == -1)
            die("semctl GETNCNT");
        printf("semaphore %lu: value %d, %d waiting\n", i, value, waiting);
    }
    return 0;
}

static int cmd_set(const char *file, const char *num_text, const char *value_text)
{
    int semid = open_set(file, 0600);
    int num   = (int) number(num_text, 10, 0, INT_MAX, "semaphore number");
    int value = (int) number(value_text, 10, INT_MIN, INT_MAX, "value");

    if (semset_setval(semid, num, value) == -1)
        die("semset_setval");
    printf("semaphore %d of set %d is now %d\n", num, semid, value);
    return 0;
}

static int cmd_wait(const char *file, const char *num_text)
{
    int semid = open_set(file, 0600);
    int num   = (int) number(num_text, 10, 0, INT_MAX, "semaphore number");

    printf("waiting on semaphore %d of set %d\n", num, semid);
    fflush(stdout);
    if (semset_wait(semid, num) == -1)
        die("semset_wait");
    printf("took semaphore %d of set %d\n", num, semid);
    return 0;
}

static int cmd_post(const char *file, const char *num_text)
{
    int semid = open_set(file, 0600);
    int num   = (int) number(num_text, 10, 0, INT_MAX, "semaphore number");

    if (semset_post(semid, num) == -1)
        die("semset_post");
    printf("posted semaphore %d of set %d\n", num, semid);
    return 0;
}

static int cmd_remove(const char *file)
{
    int semid = open_set(file, 0600);

    if (semset_remove(semid) == -1)
        die("semset_remove");
    printf("removed semaphore set %d\n", semid);
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd;

    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (argc >= 3 && strcmp(argv[1], "-p") == 0) {
        /* ftok uses the low 8 bits of the project id, which must not be 0 */
        proj_id = (int) number(argv[2], 0, 1, 255, "project id");
        argc -= 2;
        argv += 2;
    }
    if (argc < 3)
        bad_usage("expected a command and a key file");
    cmd = argv[1];
    if (strcmp(cmd, "create") == 0 && (argc == 4 || argc == 5))
        return cmd_create(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
    if (strcmp(cmd, "show") == 0 && argc == 3)
        return cmd_show(argv[2]);
    if (strcmp(cmd, "set") == 0 && argc == 5)
        return cmd_set(argv[2], argv[3], argv[4]);
    if (strcmp(cmd, "wait") == 0 && argc == 4)
        return cmd_wait(argv[2], argv[3]);
    if (strcmp(cmd, "post") == 0 && argc == 4)
        return cmd_post(argv[2], argv[3]);
    if (strcmp(cmd, "remove") == 0 && argc == 3)
        return cmd_remove(argv[2]);
    bad_usage("unknown command or wrong number of arguments");
}
