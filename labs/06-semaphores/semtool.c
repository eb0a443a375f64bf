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
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include "driver.h"
#include "semaphores.h"

#define PROG "semtool"

static int proj_id = DRIVER_DEFAULT_PROJ;

/* semctl's fourth argument, for IPC_STAT (the caller defines it). */
union semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
};

static const char help[] =
    "usage: " PROG " [-p PROJ] COMMAND FILE [ARGS]   (the set of the key ftok(FILE, PROJ))\n"
    "  create FILE NSEMS [MODE]  make a new set of NSEMS semaphores (MODE in octal, default 0600)\n"
    "  show   FILE               print each semaphore's value and how many processes wait on it\n"
    "  set    FILE NUM VALUE     set semaphore NUM (from 0) to VALUE (0..32767)\n"
    "  wait   FILE NUM           take 1 from semaphore NUM, sleeping while it is 0 (P)\n"
    "  post   FILE NUM           add 1 to semaphore NUM, waking a waiter (V)\n"
    "  remove FILE               remove the set; waiting processes fail with EIDRM\n";

static key_t key_of(const char *file)
{
    return driver_key(ftok, file, proj_id);
}

/* The existing set for FILE, opened for `mode` with the student's reopen. */
static int open_set(const char *file, int mode)
{
    int semid = semset_reopen(key_of(file), mode);

    if (semid == -1)
        driver_fail("semset_reopen");
    return semid;
}

static int cmd_create(const char *file, const char *nsems_text, const char *mode_text)
{
    key_t key   = key_of(file);
    int   nsems = (int) driver_number(nsems_text, 10, 1, INT_MAX, "number of semaphores");
    int   mode  = mode_text ? (int) driver_number(mode_text, 8, 0, 0777, "mode") : 0600;
    int   semid = semset_create(key, nsems, mode);

    if (semid == -1)
        driver_fail("semset_create");
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
        driver_fail("semctl IPC_STAT");
    printf("semaphore set %d for key 0x%08x: %lu semaphore%s, mode %04o\n",
           semid, (unsigned) key, (unsigned long) ds.sem_nsems,
           ds.sem_nsems == 1 ? "" : "s", (unsigned) (ds.sem_perm.mode & 0777));
    for (unsigned long i = 0; i < ds.sem_nsems; i++) {
        int value = semset_getval(semid, (int) i);
        int waiting;

        if (value == -1)
            driver_fail("semset_getval");
        waiting = semctl(semid, (int) i, GETNCNT);
        if (waiting == -1)
            driver_fail("semctl GETNCNT");
        printf("semaphore %lu: value %d, %d waiting\n", i, value, waiting);
    }
    return 0;
}

static int cmd_set(const char *file, const char *num_text, const char *value_text)
{
    int semid = open_set(file, 0600);
    int num   = (int) driver_number(num_text, 10, 0, INT_MAX, "semaphore number");
    int value = (int) driver_number(value_text, 10, INT_MIN, INT_MAX, "value");

    if (semset_setval(semid, num, value) == -1)
        driver_fail("semset_setval");
    printf("semaphore %d of set %d is now %d\n", num, semid, value);
    return 0;
}

static int cmd_wait(const char *file, const char *num_text)
{
    int semid = open_set(file, 0600);
    int num   = (int) driver_number(num_text, 10, 0, INT_MAX, "semaphore number");

    printf("waiting on semaphore %d of set %d\n", num, semid);
    fflush(stdout);
    if (semset_wait(semid, num) == -1)
        driver_fail("semset_wait");
    printf("took semaphore %d of set %d\n", num, semid);
    return 0;
}

static int cmd_post(const char *file, const char *num_text)
{
    int semid = open_set(file, 0600);
    int num   = (int) driver_number(num_text, 10, 0, INT_MAX, "semaphore number");

    if (semset_post(semid, num) == -1)
        driver_fail("semset_post");
    printf("posted semaphore %d of set %d\n", num, semid);
    return 0;
}

static int cmd_remove(const char *file)
{
    int semid = open_set(file, 0600);

    if (semset_remove(semid) == -1)
        driver_fail("semset_remove");
    printf("removed semaphore set %d\n", semid);
    return 0;
}

int main(int argc, char **argv)
{
    const char *args[4];

    driver_start(PROG, help);
    int nargs = driver_parse(argc, argv, NULL, &proj_id, args, 4);
    if (nargs < 2)
        driver_usage_error("expected a command and a key file");
    const char *cmd = args[0];
    if (strcmp(cmd, "create") == 0 && (nargs == 3 || nargs == 4))
        return cmd_create(args[1], args[2], nargs == 4 ? args[3] : NULL);
    if (strcmp(cmd, "show") == 0 && nargs == 2)
        return cmd_show(args[1]);
    if (strcmp(cmd, "set") == 0 && nargs == 4)
        return cmd_set(args[1], args[2], args[3]);
    if (strcmp(cmd, "wait") == 0 && nargs == 3)
        return cmd_wait(args[1], args[2]);
    if (strcmp(cmd, "post") == 0 && nargs == 3)
        return cmd_post(args[1], args[2]);
    if (strcmp(cmd, "remove") == 0 && nargs == 2)
        return cmd_remove(args[1]);
    driver_usage_error("unknown command or wrong number of arguments");
}
