/* wrong: seg_size does not check shmctl, so a bad id gives 0 instead of -1
 * expect: 2.8 "is shmctl's result checked"
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
    struct shmid_ds ds;

    memset(&ds, 0, sizeof ds);
    shmctl(shmid, IPC_STAT, &ds);
    return (ssize_t) ds.shm_segsz;
}
