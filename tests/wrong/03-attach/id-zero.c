/* wrong: shmid 0 rejected as invalid
 * expect: 3.1 "0 is a valid shmid"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

#include <errno.h>

void *seg_attach(int shmid, int readonly)
{
    if (shmid <= 0) {
        errno = EINVAL;
        return NULL;
    }
    void *addr = shmat(shmid, NULL, readonly ? SHM_RDONLY : 0);
    if (addr == (void *) -1)
        return NULL;
    return addr;
}
