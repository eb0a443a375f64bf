/*
 * reopen_calls.h: the calls the 02-reopen tests may make in a subject.
 *
 * X(name, expression): the expression runs in the subject. ARG(i) is the
 * request's i-th int64 argument. The value goes back as
 * (int64_t)(intptr_t)(expression).
 */
#include "reopen.h"

#define LAB_CALLS(X) \
    X(seg_reopen, seg_reopen((key_t) ARG(0), (int) ARG(1))) \
    X(seg_size,   seg_size((int) ARG(0)))
