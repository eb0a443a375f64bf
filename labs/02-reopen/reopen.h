/*
 * reopen.h: lab 02-reopen. Finding a segment that already exists by its key
 * (shmget without IPC_CREAT) and asking the kernel for its size (shmctl
 * IPC_STAT).
 *
 * You implement these in reopen.c. See README.md for the story.
 */
#ifndef SHMLABS_REOPEN_H
#define SHMLABS_REOPEN_H

#include <sys/types.h>

/* Finds the segment that already exists for `key` and returns its shmid,
 * asking for the access in `mode & 0777`. The kernel merges the three octal
 * digits into one request and checks it against the caller's own class
 * (owner, group or other): 0600, 0060 and 0006 all ask to read and write,
 * 0400 to read only, 0 for no access check at all. It never
 * creates a segment, and works whatever the segment's size.
 * Returns the shmid (0 is a valid shmid), or -1 with errno as shmget set it:
 * ENOENT when no segment exists for `key`, EACCES when `mode` asks for access
 * the caller is not granted. */
int seg_reopen(key_t key, int mode);

/* Returns the size in bytes of the segment `shmid`, as the kernel recorded
 * it when the segment was made (shmctl IPC_STAT, shm_segsz).
 * Returns -1 with errno as shmctl set it when that fails: EINVAL for an id
 * that names no segment, EACCES without read permission on it. */
ssize_t seg_size(int shmid);

#endif
