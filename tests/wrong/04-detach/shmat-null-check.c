/* wrong: seg_nattch attaches to check that the segment exists and compares
 * shmat's result with NULL; shmat fails with (void *) -1, so a bad id ends
 * in shmdt((void *) -1), which valgrind reports
 * expect: 4.11 "(void *) -1"
 */
#include <stddef.h>
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
    void *addr = shmat(shmid, NULL, SHM_RDONLY);

    if (addr == NULL)
        return -1;
    shmdt(addr);
    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (int) ds.shm_nattch;
}
