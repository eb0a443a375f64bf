/* wrong: a fixed mode 0666 instead of the caller's: read-only access is refused
 * expect: 2.5 "not a fixed mode"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    (void) mode;
    return shmget(key, 0, 0666);
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ssize_t) ds.shm_segsz;
}
