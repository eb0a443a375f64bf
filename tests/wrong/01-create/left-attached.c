/* wrong: seg_create attaches the new segment to clear it and never detaches
 * expect: 1.8 "unattached"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

#include <string.h>

key_t seg_key(const char *path, int proj_id)
{
    return ftok(path, proj_id);
}

int seg_create(key_t key, size_t size, int mode)
{
    int shmid = shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
    if (shmid == -1)
        return -1;
    void *p = shmat(shmid, NULL, 0);
    if (p != (void *) -1)
        memset(p, 0, size);
    return shmid;
}
