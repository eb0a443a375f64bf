/* wrong: the mode argument never reaches shmget: every segment gets mode 0
 * expect: 1.6 "caller's mode"
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
    (void) mode;
    return shmget(key, size, IPC_CREAT | IPC_EXCL);
}
