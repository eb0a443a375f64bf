/* wrong: shmid 0 treated as a failure (id <= 0)
 * expect: 1.4 "0 is a valid shmid"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

key_t seg_key(const char *path, int proj_id)
{
    return ftok(path, proj_id);
}

int seg_create(key_t key, size_t size, int mode)
{
    int shmid = shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
    if (shmid <= 0)
        return -1;
    return shmid;
}
