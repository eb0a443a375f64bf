/* wrong: shmat's result compared with NULL, so its failure value (void *) -1 is returned as an address
 * expect: 3.4 "never NULL"
 * expect: 3.5 "never NULL"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

void *seg_attach(int shmid, int readonly)
{
    void *addr = shmat(shmid, NULL, readonly ? SHM_RDONLY : 0);
    if (addr == NULL)
        return NULL;
    return addr;
}
