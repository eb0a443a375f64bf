/* wrong: seg_remove ignores what shmctl returns and always reports success
 * expect: 5.4 "check its result"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

int seg_remove(int shmid)
{
    shmctl(shmid, IPC_RMID, NULL);
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
