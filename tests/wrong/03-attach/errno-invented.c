/* wrong: seg_attach sets errno itself when shmat fails, so EACCES becomes EINVAL
 * expect: 3.4 "was errno changed after it failed"
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

void *seg_attach(int shmid, int readonly)
{
    void *addr = shmat(shmid, NULL, readonly ? SHM_RDONLY : 0);
    if (addr == (void *) -1) {
        errno = EINVAL;             /* "an invalid shmid" */
        return NULL;
    }
    return addr;
}
