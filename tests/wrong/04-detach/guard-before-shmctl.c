/* wrong: seg_nattch rejects a negative id itself and returns -1 before
 * calling shmctl, so errno is not set
 * expect: 4.7 "before calling shmctl"
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

    if (shmid < 0)
        return -1;
    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (int) ds.shm_nattch;
}
