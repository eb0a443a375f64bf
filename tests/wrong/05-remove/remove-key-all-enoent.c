/* wrong: seg_remove_key reports every failure as ENOENT ("no segment for
 * that key"), even when the segment was found and IPC_RMID refused (EPERM)
 * expect: 5.5 "set to ENOENT by your code"
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

    if (shmid == -1 || seg_remove(shmid) == -1) {
        errno = ENOENT;     /* nothing removed for this key */
        return -1;
    }
    return 0;
}

int seg_removal_pending(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ds.shm_perm.mode & SHM_DEST) ? 1 : 0;
}
