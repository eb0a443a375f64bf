/* wrong: seg_removal_pending says "pending" whenever the segment is attached
 * expect: 5.9 "being attached is not being marked"
 */
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

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return ds.shm_nattch > 0 ? 1 : 0;
}
