/*
 * detach_calls.h: the calls the 04-detach tests may make in a subject.
 *
 * X(name, expression): the expression runs in the subject. ARG(i) is the
 * request's i-th int64 argument, ARG_PTR(i) the same as a pointer. The value
 * goes back as (int64_t)(intptr_t)(expression), so shmat's (void *) -1
 * arrives as -1.
 *
 * The kit_ calls are plain system calls that belong to earlier labs
 * (creating is lab 01, attaching lab 03): the tests use them to set the scene, so that only
 * this lab's functions are judged here.
 */
#include <sys/ipc.h>
#include <sys/shm.h>

#include "detach.h"

#define LAB_CALLS(X) \
    X(seg_detach, seg_detach(ARG_PTR(0))) \
    X(seg_nattch, seg_nattch((int) ARG(0))) \
    X(kit_shmget, shmget((key_t) ARG(0), (size_t) ARG(1), \
                         IPC_CREAT | IPC_EXCL | ((int) ARG(2) & 0777))) \
    X(kit_shmat,  shmat((int) ARG(0), NULL, (int) ARG(1)))
