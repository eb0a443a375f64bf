/*
 * crash_record.c: the crash handlers of every process of student code (the
 * subject and the lab's programs), linked into each; the record's format
 * and who reads it are in crash.h. Outside the grader (no CRASH_ENV) and
 * under valgrind it installs nothing.
 */
/* _GNU_SOURCE (dl_iterate_phdr, REG_RIP) comes from the build, as for every
 * harness object. */
#include <execinfo.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "crash.h"

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
 * fault, abort, raise), writes the record, with calls that are safe in a
 * handler (backtrace too, once warmed up: it allocates nothing then); then
 * dies of the same signal, with its default action. */
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
        ssize_t written = pwrite(crash_fd, &crash, sizeof crash, 0);
        (void) written;                    /* if it failed, the death alone tells the signal */
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
