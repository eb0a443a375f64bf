/* wrong: key 0 (IPC_PRIVATE) rejected as an invalid key
 * expect: 1.5 "0 is IPC_PRIVATE"
 * expect: 1.10 "IPC_PRIVATE (key 0) is a valid key"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

#include <errno.h>

key_t seg_key(const char *path, int proj_id)
{
    return ftok(path, proj_id);
}

int seg_create(key_t key, size_t size, int mode)
{
    if (key <= 0) {
        errno = EINVAL;
        return -1;
    }
    return shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
}
