/*
 * detach_calls.h: the calls the 04-detach tests may make in a subject, in
 * the form harness/rpc.h describes (LAB_CALLS). shmat's (void *) -1 comes
 * back as -1.
 *
 * The kit_ calls are plain system calls that belong to earlier labs
 * (creating is lab 01, attaching lab 03): the tests use them to set the
 * scene, so that only this lab's functions are judged here.
 */
#ifndef SHMLABS_DETACH_CALLS_H
#define SHMLABS_DETACH_CALLS_H

#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"
#include "rpc.h"

#define LAB_CALLS(X) \
    X(seg_detach, seg_detach(ARG_PTR(0))) \
    X(seg_nattch, seg_nattch((int) ARG(0))) \
    X(kit_shmget, shmget((key_t) ARG(0), (size_t) ARG(1), \
                         IPC_CREAT | IPC_EXCL | ((int) ARG(2) & 0777))) \
    X(kit_shmat,  shmat((int) ARG(0), NULL, (int) ARG(1)))

RPC_LAB_OPS(LAB_CALLS);

#endif
