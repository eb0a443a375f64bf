/*
 * remove_calls.h: the calls the 05-remove tests may make in a subject, in
 * the form harness/rpc.h describes (LAB_CALLS). shmat's (void *) -1 comes
 * back as -1.
 *
 * The kit_ calls are plain system calls that belong to earlier labs
 * (creating, attaching, detaching): the tests use them to set the scene, so
 * that only this lab's functions are judged here. A segment a subject makes
 * with kit_shmget is the subject's own, so it may remove it.
 */
#ifndef SHMLABS_REMOVE_CALLS_H
#define SHMLABS_REMOVE_CALLS_H

#include <sys/ipc.h>
#include <sys/shm.h>

#include "remove.h"
#include "rpc.h"

#define LAB_CALLS(X) \
    X(seg_remove,          seg_remove((int) ARG(0))) \
    X(seg_remove_key,      seg_remove_key((key_t) ARG(0))) \
    X(seg_removal_pending, seg_removal_pending((int) ARG(0))) \
    X(kit_shmget,          shmget((key_t) ARG(0), (size_t) ARG(1), \
                                  IPC_CREAT | IPC_EXCL | ((int) ARG(2) & 0777))) \
    X(kit_shmat,           shmat((int) ARG(0), NULL, 0)) \
    X(kit_shmdt,           shmdt(ARG_PTR(0)))

RPC_LAB_OPS(LAB_CALLS);

#endif
