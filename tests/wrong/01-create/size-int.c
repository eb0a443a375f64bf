/* wrong: the size kept in an int on its way to shmget: sizes of 2 GiB and
 * more are cut to 32 bits (4 GiB + 1000 bytes becomes 1000)
 * expect: 1.4 "cut to 32 bits"
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
    int bytes = (int) size;
    return shmget(key, (size_t) bytes, IPC_CREAT | IPC_EXCL | (mode & 0777));
}
