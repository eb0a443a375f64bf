/*
 * subject_main.c: the process in which the tests run student code.
 *
 * Linked with one student file, it reads call requests from RPC_REQUEST_FD,
 * makes each call and writes the return value and errno to RPC_REPLY_FD
 * (frames in rpc.h). It starts by sending a hello frame (seq 0) carrying its
 * pid. Whatever the student code does here cannot reach the test runner: the
 * tests only believe replies that make sense and the kernel's own state.
 *
 * The lab's calls and their numbers (OP_name) come from the lab's call list,
 * tests/BASE_calls.h (harness/rpc.h), which the build names: this file
 * serves every lab, and is compiled once for each with LAB_CALLS_HEADER.
 *
 * Linked with crash_record.o, like every program of a lab: a crash of
 * student code leaves the addresses of its place for the test (crash.h).
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

#include "rpc.h"
#include LAB_CALLS_HEADER

/* What a call expression in LAB_CALLS may use. */
#define ARG(i)     (req->arg[(i)])
#define ARG_PTR(i) ((void *) (intptr_t) req->arg[(i)])
#define REQ_DATA   (req->data)
#define REQ_LEN    ((size_t) req->len)
#define OUT_DATA   (rep->data)

static volatile sig_atomic_t signals_caught;
static char **subject_argv;

/* Counts a signal; installed without SA_RESTART so that it interrupts. */
static void count_signal(int sig)
{
    (void) sig;
    signals_caught++;
}

/* Reads exactly n bytes. Returns 0, or -1 at end of file or on error. */
static int read_full(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t got = read(fd, p, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        p += got;
        n -= (size_t) got;
    }
    return 0;
}

/* Writes the reply frame; ends the process when the test is gone. */
static void send_reply(const struct rpc_reply *rep)
{
    const char *p = (const char *) rep;
    size_t n = sizeof *rep;
    while (n > 0) {
        ssize_t put = write(RPC_REPLY_FD, p, n);
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            _exit(3);
        p += put;
        n -= (size_t) put;
    }
}

/* Forks a child that keeps the parent's attachments until it is killed. */
static pid_t fork_hold(void)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(0);
        close(RPC_REQUEST_FD);
        close(RPC_REPLY_FD);
        for (;;)
            pause();
    }
    return pid;
}

/* Performs one of the common operations of rpc.h. */
static void common_op(struct rpc_request *req, struct rpc_reply *rep)
{
    unsigned char *addr = ARG_PTR(0);
    size_t n;
    struct sigaction sa;

    switch (req->op) {
    case OP_PEEK:
        rep->ret = *(volatile unsigned char *) addr;
        break;
    case OP_POKE:
        *(volatile unsigned char *) addr = (unsigned char) ARG(1);
        break;
    case OP_CATCH:
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = count_signal;
        sigemptyset(&sa.sa_mask);
        rep->ret = sigaction((int) ARG(0), &sa, NULL);
        break;
    case OP_CAUGHT:
        rep->ret = signals_caught;
        break;
    case OP_EXIT:
        exit((int) ARG(0));
    case OP_FORK_HOLD:
        rep->ret = fork_hold();
        break;
    case OP_EXEC_SELF:
        execv("/proc/self/exe", subject_argv);
        rep->ret = -1;
        break;
    case OP_READ_MEM:
        n = (size_t) ARG(1) < RPC_DATA_MAX ? (size_t) ARG(1) : RPC_DATA_MAX;
        memcpy(rep->data, addr, n);
        rep->len = (uint32_t) n;
        break;
    case OP_WRITE_MEM:
        memcpy(addr, req->data, REQ_LEN);
        break;
    default:
        rep->ret = -1;
        errno = ENOSYS;
        break;
    }
}

/* Calls the lab function named by req->op; the reply gets what it returned. */
static void lab_call(struct rpc_request *req, struct rpc_reply *rep)
{
    switch (req->op) {
#define SUBJECT_CASE(name, expr)                                             \
    case OP_##name:                                                          \
        errno = 0;                                                           \
        rep->ret = (int64_t) (intptr_t) (expr);                              \
        break;
        LAB_CALLS(SUBJECT_CASE)
#undef SUBJECT_CASE
    default:
        rep->ret = -1;
        errno = ENOSYS;
        break;
    }
}

/* Serves requests until the test closes the pipe. */
int main(int argc, char **argv)
{
    static struct rpc_request req;
    static struct rpc_reply rep;

    (void) argc;
    subject_argv = argv;
    signal(SIGPIPE, SIG_DFL);

    memset(&rep, 0, sizeof rep);
    rep.magic = RPC_MAGIC;
    rep.ret = getpid();
    send_reply(&rep);

    while (read_full(RPC_REQUEST_FD, &req, sizeof req) == 0) {
        if (req.magic != RPC_MAGIC || req.len > RPC_DATA_MAX)
            _exit(4);
        memset(&rep, 0, sizeof rep);
        rep.magic = RPC_MAGIC;
        rep.seq = req.seq;
        errno = 0;
        if (req.op < 0)
            common_op(&req, &rep);
        else
            lab_call(&req, &rep);
        rep.err = errno;
        send_reply(&rep);
    }
    return 0;
}
