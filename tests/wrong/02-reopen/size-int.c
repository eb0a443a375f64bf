/* wrong: seg_size keeps the size in an int: sizes of 2 GiB and more come
 * back cut to 32 bits
 * expect: 2.7 "cut to 32 bits"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    return shmget(key, 0, mode & 0777);
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    int size = (int) ds.shm_segsz;
    return size;
}
