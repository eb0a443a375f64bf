/* wrong: a fixed attach address instead of letting the kernel choose: a second attachment cannot go there
 * expect: 3.2 "let the kernel choose the address"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

void *seg_attach(int shmid, int readonly)
{
    void *addr = shmat(shmid, (void *) 0x500000000000, readonly ? SHM_RDONLY : 0);
    if (addr == (void *) -1)
        return NULL;
    return addr;
}
