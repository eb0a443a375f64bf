/* wrong: only readonly == 1 gives a read-only attachment; other non-zero values attach read-write
 * expect: 3.4 "non-zero readonly"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

void *seg_attach(int shmid, int readonly)
{
    void *addr = shmat(shmid, NULL, readonly == 1 ? SHM_RDONLY : 0);
    if (addr == (void *) -1)
        return NULL;
    return addr;
}
