/* wrong: the whole mode passed to shmget, so its bits above 0777 become
 * flags (04000 is SHM_HUGETLB)
 * expect: 1.7 "SHM_HUGETLB"
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
    return shmget(key, size, IPC_CREAT | IPC_EXCL | mode);
}
