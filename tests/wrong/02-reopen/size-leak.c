/* wrong: seg_size allocates its struct shmid_ds and leaks it when shmctl fails
 * expect: 2.12 "definitely lost"
 */
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    return shmget(key, 0, mode & 0777);
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds *ds = malloc(sizeof *ds);
    ssize_t size;

    if (ds == NULL)
        return -1;
    if (shmctl(shmid, IPC_STAT, ds) == -1)
        return -1;
    size = (ssize_t) ds->shm_segsz;
    free(ds);
    return size;
}
