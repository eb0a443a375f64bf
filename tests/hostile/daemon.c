/* attack: leaves a daemon (setsid, double fork) that keeps forging results and removing IPC objects for a minute
 * lab: 01-create
 * expect-score: 0
 * bound: 90
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>
#include "create.h"

/* True outside the machine's own IPC namespace (whose inode is fixed), so
 * that this attack never removes anything of the machine's, sandbox or not. */
static int private_ipc(void)
{
    char link[64] = "";
    return readlink("/proc/self/ns/ipc", link, sizeof link - 1) > 0 &&
           strcmp(link, "ipc:[4026531839]") != 0;
}

/* Removes every segment it can see, and writes fake results to fd 0..15. */
static void haunt(void)
{
    time_t end = time(NULL) + 60;          /* bounded even outside a sandbox */
    while (time(NULL) < end) {
        for (int id = 0; id < 64 && private_ipc(); id++)
            shmctl(id, IPC_RMID, NULL);
        for (int fd = 0; fd < 16; fd++)
            dprintf(fd, "ok 1 - create_tests.c:1.1:test_x: Passed\n");
        usleep(100 * 1000);
    }
}

static void summon(void)
{
    if (fork() != 0)
        return;
    setsid();
    if (fork() == 0)
        haunt();
    _exit(0);
}

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; summon(); return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; summon(); return -1; }
