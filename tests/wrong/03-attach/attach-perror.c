/* wrong: seg_attach reports its failure with perror: a library function
 * prints nothing, its caller (shmtext) decides what to tell the user
 * expect: 3.7 "print nothing"
 * expect: 3.8 "printed"
 */
#include <stdio.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "attach.h"

void *seg_attach(int shmid, int readonly)
{
    void *addr = shmat(shmid, NULL, readonly ? SHM_RDONLY : 0);
    if (addr == (void *) -1) {
        perror("seg_attach");
        return NULL;
    }
    return addr;
}
