/* wrong: seg_nattch returns the size (shm_segsz), copied from seg_size of lab 02
 * expect: 4.5 "shm_segsz"
 */
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

int seg_detach(const void *addr)
{
    return shmdt(addr);
}

int seg_nattch(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (int) ds.shm_segsz;
}
