/* wrong: seg_remove prints what it removed, a debugging line left in: a
 * library function prints nothing, its caller (shmrm) decides what to say
 * expect: 5.12 "printed"
 */
#include <stddef.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

int seg_remove(int shmid)
{
    if (shmctl(shmid, IPC_RMID, NULL) == -1)
        return -1;
    printf("removed segment %d\n", shmid);
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
