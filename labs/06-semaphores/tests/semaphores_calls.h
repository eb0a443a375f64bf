/*
 * semaphores_calls.h: the calls the 06-semaphores tests may make in a
 * subject, in the form harness/rpc.h describes (LAB_CALLS).
 */
#ifndef SHMLABS_SEMAPHORES_CALLS_H
#define SHMLABS_SEMAPHORES_CALLS_H

#include "rpc.h"
#include "semaphores.h"

#define LAB_CALLS(X) \
    X(semset_create, semset_create((key_t) ARG(0), (int) ARG(1), (int) ARG(2))) \
    X(semset_reopen, semset_reopen((key_t) ARG(0), (int) ARG(1)))               \
    X(semset_setval, semset_setval((int) ARG(0), (int) ARG(1), (int) ARG(2)))   \
    X(semset_getval, semset_getval((int) ARG(0), (int) ARG(1)))                 \
    X(semset_wait,   semset_wait((int) ARG(0), (int) ARG(1)))                   \
    X(semset_post,   semset_post((int) ARG(0), (int) ARG(1)))                   \
    X(semset_remove, semset_remove((int) ARG(0)))

RPC_LAB_OPS(LAB_CALLS);

#endif
