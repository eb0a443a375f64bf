/*
 * reopen_calls.h: the calls the 02-reopen tests may make in a subject, in
 * the form harness/rpc.h describes (LAB_CALLS).
 */
#ifndef SHMLABS_REOPEN_CALLS_H
#define SHMLABS_REOPEN_CALLS_H

#include "reopen.h"
#include "rpc.h"

#define LAB_CALLS(X) \
    X(seg_reopen, seg_reopen((key_t) ARG(0), (int) ARG(1))) \
    X(seg_size,   seg_size((int) ARG(0)))

RPC_LAB_OPS(LAB_CALLS);

#endif
