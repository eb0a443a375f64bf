/*
 * create_calls.h: the calls the 01-create tests may make in a subject.
 *
 * X(name, expression): the expression runs in the subject. ARG(i) is the
 * request's i-th int64 argument, REQ_DATA the request's data buffer
 * (NUL-padded, so a C string: the path for seg_key). The value goes back as
 * (int64_t)(intptr_t)(expression).
 */
#include "create.h"

#define LAB_CALLS(X) \
    X(seg_key,    seg_key(REQ_DATA, (int) ARG(0))) \
    X(seg_create, seg_create((key_t) ARG(0), (size_t) ARG(1), (int) ARG(2)))
