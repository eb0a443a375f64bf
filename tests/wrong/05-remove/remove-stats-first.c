/* wrong: seg_remove first checks with IPC_STAT that the segment exists; that
 * needs read permission, so the owner of a mode-0 segment cannot remove it
 * expect: 5.8 "IPC_STAT"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

int seg_remove(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)     /* is it there at all? */
        return -1;
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

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ds.shm_perm.mode & SHM_DEST) ? 1 : 0;
}
