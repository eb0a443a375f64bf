/*
 * attach_calls.h: the calls the 03-attach tests may make in a subject.
 *
 * X(name, expression): the expression runs in the subject. ARG(i) is the
 * request's i-th int64 argument. The value goes back as
 * (int64_t)(intptr_t)(expression), so an address arrives as an integer,
 * NULL as 0 and (void *) -1 as -1. The tests read and write the memory at
 * an address with the common operations (OP_PEEK, OP_POKE, OP_READ_MEM,
 * OP_WRITE_MEM).
 */
#include "attach.h"

#define LAB_CALLS(X) \
    X(seg_attach, seg_attach((int) ARG(0), (int) ARG(1)))
