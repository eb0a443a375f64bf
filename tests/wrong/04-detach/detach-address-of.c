/* wrong: seg_detach passes the address of its parameter, &addr, to shmdt
 * expect: 4.1 "expected 0"
 */
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

int seg_detach(const void *addr)
{
    if (shmdt(&addr) == -1)
        return -1;
    return 0;
}

int seg_nattch(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (int) ds.shm_nattch;
}
