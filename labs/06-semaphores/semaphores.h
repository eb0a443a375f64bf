/*
 * semaphores.h: lab 06, the semaphore twins of labs 01, 02 and 05.
 *
 * semget finds or creates a set (like shmget), semctl reads, sets and removes
 * (like shmctl), semop uses it (as shmat gives access to a segment).
 * A semid is any value >= 0, 0 included; only -1 means failure. Modes are
 * permission bits: only mode & 0777 is used. The functions print nothing,
 * never exit, and on failure leave errno as the failing call set it.
 * No operation uses SEM_UNDO.
 */
#ifndef SHMLABS_SEMAPHORES_H
#define SHMLABS_SEMAPHORES_H

#include <sys/types.h>

/* Creates a new set of `nsems` semaphores for `key` with permission bits
 * `mode & 0777`; never reuses an existing set. Returns the semid, or -1 with
 * errno set (EEXIST when a set already exists for `key`, EINVAL, ENOSPC ...). */
int semset_create(key_t key, int nsems, int mode);

/* Finds the set that already exists for `key`, asking for the access in
 * `mode & 0777` (0600 read-write, 0400 read-only, 0 no check); never creates
 * one. Returns the semid, or -1 with errno set (ENOENT when no set exists for
 * `key`, EACCES when `mode` asks for access the caller is not granted). */
int semset_reopen(key_t key, int mode);

/* Sets semaphore `num` (0-based) of the set to `value` (semctl SETVAL).
 * Returns 0, or -1 with errno set (EINVAL for a bad id or num, ERANGE for a
 * value outside 0..32767). */
int semset_setval(int semid, int num, int value);

/* Returns the value of semaphore `num` (semctl GETVAL), or -1 with errno set
 * (EINVAL for a bad id or num). */
int semset_getval(int semid, int num);

/* The P operation: subtracts 1 from semaphore `num`, sleeping while it is 0.
 * A wait interrupted by a signal handler goes on waiting. Returns 0, or -1 with
 * errno set (EIDRM when the set is removed while waiting, EINVAL ...). */
int semset_wait(int semid, int num);

/* The V operation: adds 1 to semaphore `num`, waking a waiter. Returns 0, or
 * -1 with errno set. */
int semset_post(int semid, int num);

/* Removes the set (semctl IPC_RMID); processes waiting on it fail with EIDRM.
 * Returns 0, or -1 with errno set (EINVAL when `semid` names no set, EPERM
 * when the caller may not remove it). */
int semset_remove(int semid);

#endif
