/*
 * detach.h: lab 04-detach. Letting go of a shared memory segment (shmdt) and
 * counting who still holds it (shm_nattch).
 *
 * You implement these in detach.c. See README.md for the story.
 */
#ifndef SHMLABS_DETACH_H
#define SHMLABS_DETACH_H

/* Unmaps the segment that shmat (or seg_attach of lab 03) mapped at `addr`
 * in the calling process. The segment itself stays: detaching never removes
 * it, and the kernel's attach count (shm_nattch) drops by one.
 * Returns 0, or -1 with errno as shmdt set it: EINVAL when `addr` is not the
 * start of an attached segment (NULL, an address detached before, a pointer
 * into the middle of a segment). */
int seg_detach(const void *addr);

/* Returns the number of attachments the kernel counts for the segment
 * `shmid` (shmctl IPC_STAT, shm_nattch): every process that has it mapped,
 * once per mapping. Returns -1 with errno as shmctl set it when that fails
 * (EINVAL for an id that names no segment, EACCES without read permission).
 * shmid 0 is a valid id. */
int seg_nattch(int shmid);

#endif
