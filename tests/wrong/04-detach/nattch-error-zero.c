/* wrong: seg_nattch returns 0 when IPC_STAT fails (nothing attached, surely)
 * expect: 4.7 "a count of 0 would be a lie"
 */
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

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return 0;
    return (int) ds.shm_nattch;
}
