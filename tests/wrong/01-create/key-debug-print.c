/* wrong: a debugging printf left in seg_key: a library function prints nothing
 * expect: 1.12 "seg_key or seg_create printed them"
 * expect: 1.13 "printed"
 */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

key_t seg_key(const char *path, int proj_id)
{
    key_t key = ftok(path, proj_id);
    printf("seg_key: %s -> %#x\n", path, (unsigned) key);
    return key;
}

int seg_create(key_t key, size_t size, int mode)
{
    return shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
}
