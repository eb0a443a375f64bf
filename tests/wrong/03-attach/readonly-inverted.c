/* wrong: SHM_RDONLY when readonly is 0 and read-write when it is set
 * expect: 3.1 "no SHM_RDONLY"
 * expect: 3.3 "read-only mapping"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

void *seg_attach(int shmid, int readonly)
{
    void *addr = shmat(shmid, NULL, readonly ? 0 : SHM_RDONLY);
    if (addr == (void *) -1)
        return NULL;
    return addr;
}
