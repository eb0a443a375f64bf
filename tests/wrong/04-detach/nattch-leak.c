/* wrong: seg_nattch mallocs its struct shmid_ds and never frees it
 * expect: 4.11 "definitely lost"
 */
#include <stdlib.h>
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
    struct shmid_ds *ds = malloc(sizeof *ds);

    if (ds == NULL || shmctl(shmid, IPC_STAT, ds) == -1)
        return -1;
    return (int) ds->shm_nattch;
}
