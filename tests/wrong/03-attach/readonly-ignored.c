/* wrong: readonly ignored: every attachment is read-write
 * expect: 3.3 "SHM_RDONLY"
 * expect: 3.4 "SHM_RDONLY"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

void *seg_attach(int shmid, int readonly)
{
    (void) readonly;
    void *addr = shmat(shmid, NULL, 0);
    if (addr == (void *) -1)
        return NULL;
    return addr;
}
