/* wrong: a mode with bits above 0777 refused with EINVAL instead of ignored
 * expect: 2.3 "are neither refused nor passed on"
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    if (mode & ~0777) {
        errno = EINVAL;
        return -1;
    }
    return shmget(key, 0, mode);
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ssize_t) ds.shm_segsz;
}
