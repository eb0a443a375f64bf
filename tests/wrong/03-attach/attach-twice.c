/* wrong: shmat called once to check for failure and again for the address: two attachments per call
 * expect: 3.1 "calls shmat once"
 * expect: 3.2 "exactly one attachment"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

void *seg_attach(int shmid, int readonly)
{
    int flags = readonly ? SHM_RDONLY : 0;

    if (shmat(shmid, NULL, flags) == (void *) -1)
        return NULL;
    return shmat(shmid, NULL, flags);
}
