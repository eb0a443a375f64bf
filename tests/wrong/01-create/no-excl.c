/* wrong: without IPC_EXCL shmget hands back the segment that already exists
 * expect: 1.9 "IPC_EXCL"
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
    return shmget(key, size, IPC_CREAT | (mode & 0777));
}
