/* wrong: a "clean-up" call after shmget failed (shmctl IPC_RMID of id -1)
 * overwrites errno: EEXIST becomes EINVAL
 * expect: 1.9 "was errno changed after it failed"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

key_t seg_key(const char *path, int proj_id)
{
    return ftok(path, proj_id);
}

int seg_create(key_t key, size_t size, int mode)
{
    int id = shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
    if (id == -1) {
        shmctl(id, IPC_RMID, NULL);     /* leave nothing half-made behind */
        return -1;
    }
    return id;
}
