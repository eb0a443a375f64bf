/* wrong: seg_detach does nothing, trusting that exit detaches anyway
 * expect: 4.1 "still counts"
 * expect: 4.4 "still read that address"
 */
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

int seg_detach(const void *addr)
{
    /* The segment is detached automatically when the process exits. */
    (void) addr;
    return 0;
}

int seg_nattch(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (int) ds.shm_nattch;
}
