/* wrong: reopening asks for size 1 ("every segment has at least one byte"),
 * so the key IPC_PRIVATE, which always creates, makes a 1-byte segment
 * expect: 2.2 "IPC_PRIVATE"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    return shmget(key, 1, mode & 0777);
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ssize_t) ds.shm_segsz;
}
