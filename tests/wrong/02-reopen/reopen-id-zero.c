/* wrong: shmid 0 treated as a failure (id <= 0)
 * expect: 2.1 "0 is a valid shmid"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    int shmid = shmget(key, 0, mode & 0777);
    if (shmid <= 0)
        return -1;
    return shmid;
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ssize_t) ds.shm_segsz;
}
