/* wrong: seg_reopen reports its failure with perror: a library function
 * prints nothing, its caller (shmsize) decides what to tell the user
 * expect: 2.10 "print nothing"
 * expect: 2.11 "printed"
 */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "reopen.h"

int seg_reopen(key_t key, int mode)
{
    int id = shmget(key, 0, mode & 0777);
    if (id == -1)
        perror("seg_reopen");
    return id;
}

ssize_t seg_size(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (ssize_t) ds.shm_segsz;
}
