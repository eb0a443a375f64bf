/* wrong: a negative key taken for a failure (key < 0): ftok's keys for
 * project ids of 0x80 and above are negative as a key_t
 * expect: 1.1 "is a key < 0 taken for one"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

key_t seg_key(const char *path, int proj_id)
{
    key_t key = ftok(path, proj_id);
    if (key < 0)
        return (key_t) -1;
    return key;
}

int seg_create(key_t key, size_t size, int mode)
{
    return shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
}
