/* wrong: seg_size asks IPC_INFO (the system's limits) instead of IPC_STAT
 * expect: 2.7 "IPC_STAT"
 * expect: 2.8 "EINVAL"
 */
#define _GNU_SOURCE     /* struct shminfo and IPC_INFO, as in man 2 shmctl */
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
    struct shminfo info;

    if (shmctl(shmid, IPC_INFO, (struct shmid_ds *) &info) == -1)
        return -1;
    return (ssize_t) info.shmmax;
}
