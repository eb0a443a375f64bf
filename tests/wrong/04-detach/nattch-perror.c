/* wrong: seg_nattch reports IPC_STAT's failure with perror: a library
 * function prints nothing, its caller decides what to tell the user
 * expect: 4.10 "printed"
 */
#include <stdio.h>
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
        perror("seg_nattch: shmctl IPC_STAT");
        return -1;
    }
    return (int) ds.shm_nattch;
}
