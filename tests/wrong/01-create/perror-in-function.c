/* wrong: seg_create reports its failure with perror: a library function
 * prints nothing, its caller (shmcreate) decides what to tell the user
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
    return ftok(path, proj_id);
}

int seg_create(key_t key, size_t size, int mode)
{
    int id = shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
    if (id == -1) {
        perror("seg_create");
        return -1;
    }
    return id;
}
