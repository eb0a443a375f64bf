/*
 * semaphores_calls.h: the student functions that lab 06's tests may call in a
 * subject process (see harness/judge.h). X(name, expression): the expression
 * runs in the subject; ARG(i) is the request's i-th integer argument.
 */
#include "semaphores.h"

#define LAB_CALLS(X) \
    X(semset_create, semset_create((key_t) ARG(0), (int) ARG(1), (int) ARG(2))) \
    X(semset_reopen, semset_reopen((key_t) ARG(0), (int) ARG(1)))               \
    X(semset_setval, semset_setval((int) ARG(0), (int) ARG(1), (int) ARG(2)))   \
    X(semset_getval, semset_getval((int) ARG(0), (int) ARG(1)))                 \
    X(semset_wait,   semset_wait((int) ARG(0), (int) ARG(1)))                   \
    X(semset_post,   semset_post((int) ARG(0), (int) ARG(1)))                   \
    X(semset_remove, semset_remove((int) ARG(0)))
