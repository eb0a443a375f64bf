/* wrong: shmget's -1 turned into 0 (`if (id <= 0) return 0;`): a failure
 * reported as the valid shmid 0, with errno left as shmget set it
 * expect: 1.9 "a failure turned into a success value"
 * expect: 1.11 "a failure turned into a success value"
 * expect: 1.13 "not reached"
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
    int id = shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
    if (id <= 0)
        return 0;
    return id;
}
