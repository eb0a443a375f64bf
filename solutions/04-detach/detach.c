/*
 * detach.c: lab 04-detach, reference solution.
 */
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

/* Detaches the segment mapped at addr. Returns 0, or -1 with errno set. */
int seg_detach(const void *addr)
{
    /* shmdt only unmaps: the segment lives on until someone removes it. */
    if (shmdt(addr) == -1)
        return -1;
    return 0;
}

/* Returns the kernel's attach count of shmid, or -1 with errno set. */
int seg_nattch(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (int) ds.shm_nattch;
}
