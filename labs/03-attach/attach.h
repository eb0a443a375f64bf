/*
 * attach.h: lab 03-attach. Mapping a shared memory segment into the calling
 * process (shmat), read-write or read-only (SHM_RDONLY), and turning shmat's
 * failure value (void *) -1 into NULL.
 *
 * You implement this in attach.c. See README.md for the story.
 */
#ifndef SHMLABS_ATTACH_H
#define SHMLABS_ATTACH_H

/* Maps the segment `shmid` into the calling process at an address the
 * kernel chooses: read-only when `readonly` is non-zero (any non-zero
 * value), read-write otherwise. Each successful call makes exactly one new
 * attachment (the segment's shm_nattch grows by one); shmid 0 is a valid id.
 * Returns the address of the segment's first byte, or NULL with errno as
 * shmat set it when that fails: EINVAL for an id that names no segment,
 * EACCES when the segment's mode does not grant the access asked for. Note
 * the conversion: shmat itself reports failure as (void *) -1, never NULL. */
void *seg_attach(int shmid, int readonly);

#endif
