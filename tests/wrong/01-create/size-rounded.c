/* wrong: the size rounded up to whole pages before shmget
 * expect: 1.4 "exactly"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

#include <unistd.h>

key_t seg_key(const char *path, int proj_id)
{
    return ftok(path, proj_id);
}

int seg_create(key_t key, size_t size, int mode)
{
    size_t page = (size_t) sysconf(_SC_PAGESIZE);
    size_t rounded = (size + page - 1) / page * page;
    return shmget(key, rounded, IPC_CREAT | IPC_EXCL | (mode & 0777));
}
