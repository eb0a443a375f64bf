/* wrong: seg_create refuses negative keys with EINVAL: a key is any key_t,
 * and ftok's keys for project ids of 0x80 and above are negative
 * expect: 1.5 "is a key < 0 refused"
 */
#include <errno.h>
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
    if (key < 0) {
        errno = EINVAL;
        return -1;
    }
    return shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
}
