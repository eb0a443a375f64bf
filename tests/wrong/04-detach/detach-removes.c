/* wrong: seg_detach also removes the segment (IPC_RMID) to clean up
 * expect: 4.3 "never remove"
 */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

/* Finds the id of the segment mapped at addr in /proc/self/maps, where a
 * System V segment's line shows its shmid as the inode number. */
static int shmid_at(const void *addr)
{
    char line[512];
    unsigned long start, inode;
    int shmid = -1;
    FILE *maps = fopen("/proc/self/maps", "r");

    if (maps == NULL)
        return -1;
    while (fgets(line, sizeof line, maps) != NULL) {
        if (sscanf(line, "%lx-%*x %*s %*x %*s %lu", &start, &inode) == 2 &&
            start == (unsigned long) addr && strstr(line, "SYSV") != NULL) {
            shmid = (int) inode;
            break;
        }
    }
    fclose(maps);
    return shmid;
}

int seg_detach(const void *addr)
{
    int shmid = shmid_at(addr);

    if (shmdt(addr) == -1)
        return -1;
    /* Tidy up: nobody should leave segments lying around. */
    if (shmid != -1)
        shmctl(shmid, IPC_RMID, NULL);
    return 0;
}

int seg_nattch(int shmid)
{
    struct shmid_ds ds;

    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -1;
    return (int) ds.shm_nattch;
}
