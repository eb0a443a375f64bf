/* wrong: seg_key always uses project id 1, whatever proj_id says
 * expect: 1.1 "ignores proj_id or changes it"
 * expect: 1.2 "ignores proj_id"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

key_t seg_key(const char *path, int proj_id)
{
    (void) proj_id;
    return ftok(path, 1);
}

int seg_create(key_t key, size_t size, int mode)
{
    return shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
}
