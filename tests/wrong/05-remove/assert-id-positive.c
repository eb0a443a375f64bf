/* wrong: seg_remove asserts that shmid is positive, but 0 is a good id: the failed assert aborts the process
 * expect: 5.1 "SIGABRT raised inside a call made at remove.c:15, in seg_remove"
 */
#include <assert.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "remove.h"

/* Marks shmid for removal. Returns 0, or -1 with errno set. */
int seg_remove(int shmid)
{
    assert(shmid > 0);
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
