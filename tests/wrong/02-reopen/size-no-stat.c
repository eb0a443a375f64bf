/* wrong: seg_size reads shm_segsz from a struct that IPC_STAT never filled
 * expect: 2.7 "the one that IPC_STAT filled"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

#include <string.h>

int seg_reopen(key_t key, int mode)
{
    return shmget(key, 0, mode & 0777);
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds, info;

    memset(&ds, 0, sizeof ds);
    if (shmctl(shmid, IPC_STAT, &info) == -1)
        return -1;
    return (ssize_t) ds.shm_segsz;
}
