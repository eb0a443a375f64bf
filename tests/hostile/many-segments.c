/* attack: creates thousands of segments and fills them (at most 2000 of 16 KiB, and only inside a private IPC namespace)
 * lab: 01-create
 * expect-score: 0
 * bound: 90
 */
#include <string.h>
#include <sys/shm.h>
#include <unistd.h>
#include "create.h"

static int private_ipc(void)
{
    char link[64] = "";
    return readlink("/proc/self/ns/ipc", link, sizeof link - 1) > 0 &&
           strcmp(link, "ipc:[4026531839]") != 0;
}

static void pile_up(void)
{
    for (int i = 0; i < 2000 && private_ipc(); i++) {
        int id = shmget(IPC_PRIVATE, 16 * 1024, IPC_CREAT | 0600);
        if (id == -1)
            return;
        void *p = shmat(id, NULL, 0);
        if (p != (void *) -1) {
            memset(p, 1, 16 * 1024);
            shmdt(p);
        }
    }
}

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; pile_up(); return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; pile_up(); return -1; }
