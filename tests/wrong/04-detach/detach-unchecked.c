/* wrong: seg_detach ignores what shmdt returns and always reports success
 * expect: 4.2 "returned 0"
 */
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

int seg_detach(const void *addr)
{
    shmdt(addr);
    return 0;
}

int seg_nattch(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (int) ds.shm_nattch;
}
