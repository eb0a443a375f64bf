/*
 * attach_calls.h: the calls the 03-attach tests may make in a subject, in
 * the form harness/rpc.h describes (LAB_CALLS). An address comes back as an
 * integer: NULL as 0, (void *) -1 as -1. The tests read and write the memory
 * at an address with the common operations (OP_PEEK, OP_POKE, OP_READ_MEM,
 * OP_WRITE_MEM).
 */
#ifndef SHMLABS_ATTACH_CALLS_H
#define SHMLABS_ATTACH_CALLS_H

#include "attach.h"
#include "rpc.h"

#define LAB_CALLS(X) \
    X(seg_attach, seg_attach((int) ARG(0), (int) ARG(1)))

RPC_LAB_OPS(LAB_CALLS);

#endif
