/* wrong: seg_key copies the path into a buffer one byte too small (no room for the NUL)
 * expect: 1.14 "Invalid write"
 */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

#include <stdlib.h>
#include <string.h>

key_t seg_key(const char *path, int proj_id)
{
    char *copy = malloc(strlen(path));
    if (copy == NULL)
        return (key_t) -1;
    strcpy(copy, path);
    key_t key = ftok(copy, proj_id);
    free(copy);
    return key;
}

int seg_create(key_t key, size_t size, int mode)
{
    return shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
}
