/* wrong: seg_attach checks the new mapping by writing its first byte back, a write that a read-only attachment refuses
 * expect: 3.2 "SIGSEGV at attach.c:20, in seg_attach"
 * expect: 3.3 "SIGSEGV at attach.c:20, in seg_attach"
 */
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

/* Maps the segment, then touches its first byte to be sure the mapping
 * works: writing back the value it holds changes nothing, or so it seems. */
void *seg_attach(int shmid, int readonly)
{
    void *addr = shmat(shmid, NULL, readonly ? SHM_RDONLY : 0);
    if (addr == (void *) -1)
        return NULL;
    volatile char *first = addr;
    char held = *first;
    *first = held;
    return addr;
}
