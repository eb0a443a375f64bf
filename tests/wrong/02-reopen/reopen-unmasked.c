/* wrong: the whole mode passed to shmget: its 01000 bit is IPC_CREAT
 * expect: 2.3 "01000 is IPC_CREAT"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    return shmget(key, 0, mode);
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ssize_t) ds.shm_segsz;
}
