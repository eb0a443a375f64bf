/* wrong: seg_nattch treats shmid 0 as invalid
 * expect: 4.5 "shmid 0 is a valid id"
 * expect: 4.8 "shmid 0 is a valid id"
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

    if (shmid <= 0) {
        errno = EINVAL;
        return -1;
    }
    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (int) ds.shm_nattch;
}
