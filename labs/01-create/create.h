/*
 * create.h: lab 01-create. Making a key from a file (ftok) and a new shared
 * memory segment for it (shmget with IPC_CREAT | IPC_EXCL).
 *
 * You implement these in create.c. See README.md for the story.
 */
#ifndef SHMLABS_CREATE_H
#define SHMLABS_CREATE_H

#include <stddef.h>
#include <sys/types.h>

/* Turns an existing file `path` and a project id into a System V IPC key,
 * as ftok does: the same file and proj_id always give the same key, another
 * proj_id gives another key. Only the low 8 bits of proj_id count, and they
 * must not all be 0.
 * Returns the key, or (key_t) -1 with errno as ftok set it (ENOENT when
 * `path` does not exist, EACCES when it cannot be reached). */
key_t seg_key(const char *path, int proj_id);

/* Makes a NEW shared memory segment of exactly `size` bytes for `key`, with
 * the permission bits `mode & 0777` (0600: read-write for its owner). It
 * never reuses a segment: when one already exists for `key`, it fails with
 * EEXIST. `key` may be IPC_PRIVATE, which makes a new segment every time.
 * The new segment is not attached to any process.
 * Returns the shmid (0 is a valid shmid), or -1 with errno as shmget set it:
 * EEXIST, EINVAL for a size of 0 or above the system's limit, ENOMEM,
 * ENOSPC (too many segments) ... */
int seg_create(key_t key, size_t size, int mode);

#endif
