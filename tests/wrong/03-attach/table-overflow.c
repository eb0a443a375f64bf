/* wrong: a list of attachments that grows one element too late: a heap overflow
 * expect: 3.9 "Invalid write"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

#include <stdlib.h>

/* Every address attached, to detach them all later. */
static void **attached;
static size_t count;

void *seg_attach(int shmid, int readonly)
{
    void *addr = shmat(shmid, NULL, readonly ? SHM_RDONLY : 0);
    if (addr == (void *) -1)
        return NULL;
    void **bigger = realloc(attached, count * sizeof *attached);
    if (bigger != NULL) {
        attached = bigger;
        attached[count++] = addr;
    }
    return addr;
}
