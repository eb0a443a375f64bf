/* wrong: reopening with IPC_CREAT and a size creates a segment where none existed
 * expect: 2.1 "no size at all"
 * expect: 2.2 "IPC_CREAT"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    return shmget(key, 4096, IPC_CREAT | (mode & 0777));
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ssize_t) ds.shm_segsz;
}
