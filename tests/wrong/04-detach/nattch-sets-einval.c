/* wrong: seg_nattch sets errno to EINVAL itself whenever IPC_STAT fails, as
 * if every failure were a bad id; a segment it may not read gives EACCES
 * expect: 4.7 "errno = EINVAL"
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

int seg_detach(const void *addr)
{
    if (shmdt(addr) == -1)
        return -1;
    return 0;
}

int seg_nattch(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1) {
        errno = EINVAL;     /* "no such segment" */
        return -1;
    }
    return (int) ds.shm_nattch;
}
