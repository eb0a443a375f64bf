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
 * When the test asks for it (crash.h), a crash of student code leaves the
 * addresses of its place for the test, before the process dies as it would
 * have anyway.
 */
#define _GNU_SOURCE           /* dl_iterate_phdr, REG_RIP: the crash records */
#include <errno.h>
#include <execinfo.h>
#include <link.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <ucontext.h>
#include <unistd.h>

#include "crash.h"
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

/* ---- Crash records (crash.h) ------------------------------------------ */

/* The record, filled at start-up (loaded objects) and finished by the handler. */
static struct crash_record crash;
static int crash_fd = -1;                  /* CRASH_FD once the handlers are in */
static char crash_stack[64 * 1024];        /* the handler's own: a blown stack still reports */
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

/* dl_iterate_phdr's callback: notes where one loaded object lies. */
static int note_object(struct dl_phdr_info *info, size_t size, void *unused)
{
    uint64_t low = UINT64_MAX, high = 0;

    (void) size;
    (void) unused;
    if (crash.objects == CRASH_OBJECTS)
        return 1;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        low = ph->p_vaddr < low ? ph->p_vaddr : low;
        high = ph->p_vaddr + ph->p_memsz > high ? ph->p_vaddr + ph->p_memsz : high;
    }
    if (high > low) {
        struct crash_object *o = &crash.object[crash.objects++];
        o->start = info->dlpi_addr + low;
        o->end = info->dlpi_addr + high;
        o->bias = info->dlpi_addr;
        snprintf(o->name, sizeof o->name, "%s", info->dlpi_name ? info->dlpi_name : "");
    }
    return 0;
}

/* The address of the instruction the signal interrupted, 0 when unknown. */
static uint64_t interrupted_pc(const void *context)
{
    const ucontext_t *uc = context;
#if defined(__x86_64__)
    return (uint64_t) uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uint64_t) uc->uc_mcontext.pc;
#else
    (void) uc;
    return 0;
#endif
}

/* The handler of a crash signal: when the process raised it itself (a
 * fault, abort, raise), writes the record with only async-signal-safe
 * calls; then dies of the same signal, with its default action. */
static void record_crash(int sig, siginfo_t *info, void *context)
{
    struct sigaction dfl;

    if (info->si_code > 0 || info->si_pid == getpid()) {
        void *frames[CRASH_FRAMES + 8];
        int n = backtrace(frames, CRASH_FRAMES + 8);
        uint64_t pc = interrupted_pc(context);
        int first = n;                     /* the interrupted frame, past our own */
        for (int i = 0; i < n && first == n; i++)
            if ((uint64_t) (uintptr_t) frames[i] == pc)
                first = i;
        crash.frames = 0;
        if (first == n)                    /* the unwinder lost it: the pc alone */
            crash.pc[crash.frames++] = pc;
        for (int i = first; i < n && crash.frames < CRASH_FRAMES; i++)
            crash.pc[crash.frames++] = (uint64_t) (uintptr_t) frames[i];
        crash.pid = getpid();
        crash.signal = sig;
        crash.code = info->si_code;
        if (pwrite(crash_fd, &crash, sizeof crash, 0) < 0)
            crash.frames = 0;              /* nothing more to do: the death tells the rest */
    }
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig);                            /* delivered as the handler returns */
}

/* Installs the crash handlers, before any student code runs, when the test
 * asked for a record (CRASH_ENV): never under valgrind, which reports
 * crashes itself. backtrace() is called once here so that it loads what it
 * needs now, not in the handler. */
__attribute__((constructor(101)))
static void install_crash_handlers(void)
{
    const char *asked = getenv(CRASH_ENV);
    void *warm_up[1];
    stack_t stack = { .ss_sp = crash_stack, .ss_size = sizeof crash_stack, .ss_flags = 0 };
    struct sigaction sa;

    if (asked == NULL || atoi(asked) != CRASH_FD)
        return;
    backtrace(warm_up, 1);
    dl_iterate_phdr(note_object, NULL);
    crash.magic = CRASH_MAGIC;
    if (sigaltstack(&stack, NULL) == -1)
        return;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = record_crash;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    crash_fd = CRASH_FD;
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
        sigaction(crash_signals[i], &sa, NULL);
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
