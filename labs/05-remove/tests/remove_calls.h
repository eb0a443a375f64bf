/*
 * remove_calls.h: the calls the 05-remove tests may make in a subject.
 *
 * X(name, expression): the expression runs in the subject. ARG(i) is the
 * request's i-th int64 argument, ARG_PTR(i) the same as a pointer. The value
 * goes back as (int64_t)(intptr_t)(expression), so shmat's (void *) -1
 * arrives as -1.
 *
 * The kit_ calls are plain system calls that belong to earlier labs
 * (creating, attaching, detaching): the tests use them to set the scene, so
 * that only this lab's functions are judged here. A segment a subject makes
 * with kit_shmget is the subject's own, so it may remove it.
 */
#include <sys/ipc.h>
#include <sys/shm.h>

#include "remove.h"

#define LAB_CALLS(X) \
    X(seg_remove,          seg_remove((int) ARG(0))) \
    X(seg_remove_key,      seg_remove_key((key_t) ARG(0))) \
    X(seg_removal_pending, seg_removal_pending((int) ARG(0))) \
    X(kit_shmget,          shmget((key_t) ARG(0), (size_t) ARG(1), \
                                  IPC_CREAT | IPC_EXCL | ((int) ARG(2) & 0777))) \
    X(kit_shmat,           shmat((int) ARG(0), NULL, 0)) \
    X(kit_shmdt,           shmdt(ARG_PTR(0)))
