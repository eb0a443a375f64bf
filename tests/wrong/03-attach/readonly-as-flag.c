/* wrong: readonly passed to shmat as its flag: 1 is not SHM_RDONLY
 * expect: 3.3 "not the value of readonly itself"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

void *seg_attach(int shmid, int readonly)
{
    void *addr = shmat(shmid, NULL, readonly);
    if (addr == (void *) -1)
        return NULL;
    return addr;
}
