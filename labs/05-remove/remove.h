/*
 * remove.h: lab 05-remove. Removing a shared memory segment
 * (shmctl IPC_RMID), which the kernel defers until the last process detaches.
 *
 * You implement these in remove.c. See README.md for the story.
 */
#ifndef SHMLABS_REMOVE_H
#define SHMLABS_REMOVE_H

#include <sys/types.h>

/* Marks the segment `shmid` for removal (shmctl IPC_RMID). The kernel
 * destroys it at once when nothing is attached, else when the last
 * attachment goes; meanwhile its key becomes IPC_PRIVATE, so nobody new can
 * find it. Returns 0, or -1 with errno as shmctl set it: EINVAL when `shmid`
 * names no segment, EPERM when the caller is neither its owner nor its
 * creator. shmid 0 is a valid id. */
int seg_remove(int shmid);

/* Removes the segment that exists for `key`, like `ipcrm -M key`: finds it
 * without creating anything and without asking for access rights, then
 * marks it for removal. Returns 0 when one was removed, -1 with errno set
 * otherwise (ENOENT when no segment exists for `key`, EPERM ...). It never
 * creates a segment. */
int seg_remove_key(key_t key);

/* Returns 1 when the segment is marked for removal but still attached
 * somewhere (SHM_DEST in shm_perm.mode), 0 when it is not marked, and -1
 * with errno as shmctl set it when that fails (EINVAL when `shmid` names no
 * segment, for instance one already destroyed). */
int seg_removal_pending(int shmid);

#endif
