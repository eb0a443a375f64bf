/* wrong: seg_removal_pending puts back the errno it found on entry after
 * IPC_STAT failed, "so as not to disturb the caller", and so loses EINVAL
 * expect: 5.10 "restored after it failed"
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

int seg_remove(int shmid)
{
    if (shmctl(shmid, IPC_RMID, NULL) == -1)
        return -1;
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
    int callers_errno = errno;

    if (shmctl(shmid, IPC_STAT, &ds) == -1) {
        errno = callers_errno;
        return -1;
    }
    return (ds.shm_perm.mode & SHM_DEST) ? 1 : 0;
}
