/* wrong: seg_detach puts back the errno it found on entry after shmdt
 * failed, "so as not to disturb the caller", and so loses shmdt's EINVAL
 * expect: 4.2 "restored after it failed"
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

int seg_detach(const void *addr)
{
    int callers_errno = errno;

    if (shmdt(addr) == -1) {
        errno = callers_errno;
        return -1;
    }
    return 0;
}

int seg_nattch(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (int) ds.shm_nattch;
}
