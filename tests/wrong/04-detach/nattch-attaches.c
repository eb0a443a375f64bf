/* wrong: seg_nattch attaches the segment to look at it, and counts itself
 * expect: 4.5 "attach the segment itself"
 */
#include <stddef.h>
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
    void *addr = shmat(shmid, NULL, SHM_RDONLY);

    if (addr == (void *) -1)
        return -1;
    if (shmctl(shmid, IPC_STAT, &ds) == -1) {
        shmdt(addr);
        return -1;
    }
    shmdt(addr);
    return (int) ds.shm_nattch;
}
