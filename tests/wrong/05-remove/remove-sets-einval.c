/* wrong: seg_remove sets errno to EINVAL itself whenever IPC_RMID fails, as
 * if every failure were a bad id; another user's segment gives EPERM
 * expect: 5.5 "was errno changed"
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

int seg_remove(int shmid)
{
    if (shmctl(shmid, IPC_RMID, NULL) == -1) {
        errno = EINVAL;     /* "no such segment" */
        return -1;
    }
    return 0;
}

int seg_remove_key(key_t key)
{
    int shmid = shmget(key, 0, 0);

    if (shmid == -1)
        return -1;
    return seg_remove(shmid);
}

int seg_removal_pending(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ds.shm_perm.mode & SHM_DEST) ? 1 : 0;
}
