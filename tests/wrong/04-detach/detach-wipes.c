/* wrong: seg_detach clears the start of the segment before detaching, "so
 * that no stale data is left behind"; a read-only attachment cannot be
 * written, and the process dies of SIGSEGV
 * expect: 4.1 "read-only attachment"
 */
#include <stdint.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

int seg_detach(const void *addr)
{
    memset((void *) (uintptr_t) addr, 0, 16);
    if (shmdt(addr) == -1)
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
