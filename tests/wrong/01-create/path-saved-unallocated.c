/* wrong: seg_key keeps a copy of the path with strcpy into a pointer that was never allocated: the C library's strcpy crashes, called from seg_key
 * expect: 1.1 "called at create.c:20, in seg_key"
 */
#include <stddef.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

/* The last path given, for error messages: only a pointer, no memory. */
static char *last_path;

key_t seg_key(const char *path, int proj_id)
{
    key_t key = ftok(path, proj_id);
    if (key == (key_t) -1)
        return (key_t) -1;
    strcpy(last_path, path);
    return key;
}

int seg_create(key_t key, size_t size, int mode)
{
    int shmid = shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
    if (shmid == -1)
        return -1;
    return shmid;
}
