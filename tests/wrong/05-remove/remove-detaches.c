/* wrong: seg_remove detaches (attach, then shmdt) instead of removing with IPC_RMID
 * expect: 5.1 "shmdt only"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

int seg_remove(int shmid)
{
    void *addr = shmat(shmid, NULL, 0);

    if (addr == (void *) -1)
        return -1;
    return shmdt(addr);
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
