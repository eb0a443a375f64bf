/* wrong: seg_remove and seg_removal_pending treat shmid 0 as invalid
 * expect: 5.1 "shmid 0 is a valid id"
 * expect: 5.9 "shmid 0 is a valid id"
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

int seg_remove(int shmid)
{
    if (shmid <= 0) {
        errno = EINVAL;
        return -1;
    }
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

    if (shmid <= 0) {
        errno = EINVAL;
        return -1;
    }
    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ds.shm_perm.mode & SHM_DEST) ? 1 : 0;
}
