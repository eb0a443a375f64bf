/* wrong: only a positive readonly gives a read-only attachment: a negative
 * one, non-zero all the same, attaches read-write
 * expect: 3.4 "negative values are non-zero too"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

void *seg_attach(int shmid, int readonly)
{
    void *addr = shmat(shmid, NULL, readonly > 0 ? SHM_RDONLY : 0);
    if (addr == (void *) -1)
        return NULL;
    return addr;
}
