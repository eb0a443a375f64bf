/* wrong: seg_create records each new id in a table it never allocated (a NULL pointer), and crashes
 * expect: 1.4 "SIGSEGV at create.c:29, in seg_create"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "create.h"

key_t seg_key(const char *path, int proj_id)
{
    key_t key = ftok(path, proj_id);
    if (key == (key_t) -1)
        return (key_t) -1;
    return key;
}

/* The ids made so far, to remove them later: the table was meant to be
 * allocated on the first call, but nothing ever allocates it. */
static int *made_ids;
static size_t made_count;

int seg_create(key_t key, size_t size, int mode)
{
    int shmid = shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
    if (shmid == -1)
        return -1;
    made_ids[made_count++] = shmid;
    return shmid;
}
