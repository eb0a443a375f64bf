/*
 * remove.c: lab 05-remove, reference solution.
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

/* Marks shmid for removal. Returns 0, or -1 with errno set. */
int seg_remove(int shmid)
{
    if (shmctl(shmid, IPC_RMID, NULL) == -1)
        return -1;
    return 0;
}

/* Removes the segment of key, like ipcrm -M. Returns 0, or -1 with errno set. */
int seg_remove_key(key_t key)
{
    /* Size 0 matches a segment of any size; flags 0 neither create nor ask
     * for access: removing needs ownership, not read or write permission. */
    int shmid = shmget(key, 0, 0);

    if (shmid == -1)
        return -1;
    return seg_remove(shmid);
}

/* Returns 1 when removal is pending, 0 when not marked, -1 with errno set. */
int seg_removal_pending(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ds.shm_perm.mode & SHM_DEST) ? 1 : 0;
}
