/* wrong: mode bits beyond 0777 rejected with EINVAL instead of ignored
 * expect: 1.7 "mode & 0777"
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
    if (mode < 0 || mode > 0777) {
        errno = EINVAL;
        return -1;
    }
    return shmget(key, size, IPC_CREAT | IPC_EXCL | mode);
}
