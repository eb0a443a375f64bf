/*
 * create_calls.h: the calls the 01-create tests may make in a subject, in
 * the form harness/rpc.h describes (LAB_CALLS). seg_key's path arrives in
 * REQ_DATA, the request's NUL-padded data.
 */
#ifndef SHMLABS_CREATE_CALLS_H
#define SHMLABS_CREATE_CALLS_H

#include "create.h"
#include "rpc.h"

#define LAB_CALLS(X) \
    X(seg_key,    seg_key(REQ_DATA, (int) ARG(0))) \
    X(seg_create, seg_create((key_t) ARG(0), (size_t) ARG(1), (int) ARG(2)))

RPC_LAB_OPS(LAB_CALLS);

#endif
