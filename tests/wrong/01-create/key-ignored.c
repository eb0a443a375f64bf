/* wrong: the key ignored: every segment is made with IPC_PRIVATE
 * expect: 1.5 "IPC_PRIVATE"
 * expect: 1.9 "EEXIST"
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
    (void) key;
    return shmget(IPC_PRIVATE, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
}
