/* attack: removes every segment and semaphore set it can find (only inside a private IPC namespace, so never the machine's)
 * lab: 01-create
 * expect-score: 0
 * bound: 60
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>
#include "create.h"

static int private_ipc(void)
{
    char link[64] = "";
    return readlink("/proc/self/ns/ipc", link, sizeof link - 1) > 0 &&
           strcmp(link, "ipc:[4026531839]") != 0;
}

/* Reads the ids of a /proc/sysvipc table and removes each. */
static void remove_listed(const char *table, int is_shm)
{
    char line[512];
    FILE *f = fopen(table, "r");
    while (f && fgets(line, sizeof line, f)) {
        int key, id;
        if (sscanf(line, "%d %d", &key, &id) != 2)
            continue;
        if (is_shm)
            shmctl(id, IPC_RMID, NULL);
        else
            semctl(id, 0, IPC_RMID);
    }
    if (f)
        fclose(f);
}

static void purge(void)
{
    if (!private_ipc())
        return;
    remove_listed("/proc/sysvipc/shm", 1);
    remove_listed("/proc/sysvipc/sem", 0);
}

/* Fails the way the skeleton does, whatever the removals left in errno, so
 * that no failure-path test passes by the luck of what else there was. */
static int refuse(void)
{
    errno = ENOSYS;
    return -1;
}

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; purge(); return refuse(); }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; purge(); return refuse(); }
