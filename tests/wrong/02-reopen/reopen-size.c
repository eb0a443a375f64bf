/* wrong: reopening with size 4096 fails with EINVAL for every smaller segment
 * expect: 2.1 "no size at all"
 * expect: 2.4 "asks for no size at all"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    return shmget(key, 4096, mode & 0777);
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ssize_t) ds.shm_segsz;
}
