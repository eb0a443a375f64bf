/*
 * rpc.h: the wire format between a test (the judge) and the process that runs
 * student code (the subject).
 *
 * Student code never runs inside the test runner. Each test starts one or more
 * subject processes (harness/subject_main.c linked with the student file) as an
 * unprivileged user and asks them, one request at a time, to call a student
 * function. The subject answers with the return value and errno. Whatever the
 * student code does to its own process (exit, crash, print, scribble over
 * memory) cannot change what the test runner concludes: the test sees a reply,
 * or sees the process die.
 *
 * Frames have a fixed size below PIPE_BUF, so each write is atomic.
 */
#ifndef SHMLABS_RPC_H
#define SHMLABS_RPC_H

#include <stdint.h>

#define RPC_MAGIC    0x53484d4cu   /* "SHML" */
#define RPC_ARGS     4
#define RPC_DATA_MAX 1024

/* The subject reads requests on this fd and writes replies on the next. */
#define RPC_REQUEST_FD 3
#define RPC_REPLY_FD   4

struct rpc_request {
    uint32_t magic;
    uint32_t seq;                 /* echoed in the reply; 0 is the hello frame */
    int32_t  op;                  /* > 0: a lab call; < 0: a common op below */
    uint32_t len;                 /* bytes used in data */
    int64_t  arg[RPC_ARGS];
    char     data[RPC_DATA_MAX];  /* text or message bytes; always NUL-padded */
};

struct rpc_reply {
    uint32_t magic;
    uint32_t seq;
    int64_t  ret;                 /* the call's return value, pointers as integers */
    int32_t  err;                 /* errno right after the call */
    uint32_t len;
    char     data[RPC_DATA_MAX];  /* bytes the call wrote into its output buffer */
};

/* Operations every subject knows, whatever the lab. */
enum rpc_common_op {
    OP_PEEK        = -1,  /* ret = the byte at arg0 (crashes on a bad address)      */
    OP_POKE        = -2,  /* writes byte arg1 at arg0 (crashes on a read-only page) */
    OP_CATCH       = -3,  /* installs a handler for signal arg0, without SA_RESTART */
    OP_CAUGHT      = -4,  /* ret = how many signals the handler has caught          */
    OP_EXIT        = -5,  /* exit(arg0): runs atexit handlers, then ends            */
    OP_FORK_HOLD   = -6,  /* forks a child that waits until killed; ret = its pid   */
    OP_EXEC_SELF   = -7,  /* execs the subject anew; the reply is the new hello     */
    OP_READ_MEM    = -8,  /* copies arg1 bytes at address arg0 into the reply data  */
    OP_WRITE_MEM   = -9   /* copies the request data to address arg0                */
};

/* A lab's own operations: the student functions (and helpers made of them)
 * its tests may call in a subject. The lab's tests/BASE_calls.h lists them
 * once, as LAB_CALLS(X) with a line X(name, expression) each, and then says
 * RPC_LAB_OPS(LAB_CALLS); which numbers them from 1 in that order as OP_name.
 * The judge's tests (CALL(s, name, ...)) and the subject (subject_main.c,
 * which evaluates the expression) include that one header, so they cannot
 * disagree on a number.
 *
 * An expression may use the request's i-th argument, ARG(i) (an int64_t),
 * or ARG_PTR(i) (the same as a pointer: an address an earlier call
 * returned); REQ_DATA and REQ_LEN, the request's data (NUL-padded, so text
 * is a C string); and OUT_DATA, an RPC_DATA_MAX-byte buffer that comes back
 * to the test as the outcome's data. Its value comes back as
 * (int64_t) (intptr_t) (expression): a pointer as an integer, NULL as 0,
 * (void *) -1 as -1. */
#define RPC_LAB_OP_(name, expr) OP_##name,
#define RPC_LAB_OPS(list) enum lab_op { LAB_OP_NONE_, list(RPC_LAB_OP_) LAB_OP_END_ }

#endif
