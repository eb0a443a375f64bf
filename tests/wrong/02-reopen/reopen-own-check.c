/* wrong: seg_reopen judges the access itself, comparing mode with the
 * segment's bits digit by digit, where the kernel checks the caller's own
 * class against the merged digits: an "other" caller of a 0006 segment is
 * refused 0600, which the kernel grants
 * expect: 2.13 "judge the access itself"
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    int id = shmget(key, 0, 0);
    if (id == -1)
        return -1;
    if ((mode & 0777) != 0) {
        struct shmid_ds ds;
        if (shmctl(id, IPC_STAT, &ds) == -1)
            return -1;
        if ((ds.shm_perm.mode & mode & 0777) != (mode & 0777)) {
            errno = EACCES;
            return -1;
        }
    }
    return id;
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ssize_t) ds.shm_segsz;
}
