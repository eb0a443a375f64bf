/* wrong: seg_size rounds the size up to whole pages, as the kernel allocates it
 * expect: 2.7 "exact size"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

#include <unistd.h>

int seg_reopen(key_t key, int mode)
{
    return shmget(key, 0, mode & 0777);
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;
    long page = sysconf(_SC_PAGESIZE);

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ssize_t) ((ds.shm_segsz + (size_t) page - 1) / (size_t) page * (size_t) page);
}
