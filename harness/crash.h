/*
 * crash.h: where a process of student code crashed, told to the test.
 *
 * A process of student code that runs natively (not under valgrind) is
 * started with the environment variable CRASH_ENV set and a capture file of
 * the test's on descriptor CRASH_FD (spawn.c). Before any student code runs,
 * crash_record.o, linked into the subject and every lab program, installs
 * handlers for the signals of a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 * SIGABRT); when one comes from the process itself, the handler writes a
 * crash_record there (addresses only, never text), then dies of the same
 * signal as it would have without the handler. Signals sent by others
 * (the test's SIGKILL, SIGTERM ...) are left alone.
 *
 * Student code can write into that file too, so nothing in a record is
 * believed as text: the test reads a record only when the kernel says the
 * process died of the record's signal, takes its addresses, and turns them
 * into function, file and line itself, with addr2line on the subject's own
 * binary and on system libraries. A forged record can at worst name a wrong
 * place in the program or in a system library, for a crash that fails the
 * test anyway.
 */
#ifndef SHMLABS_CRASH_H
#define SHMLABS_CRASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CRASH_MAGIC 0x43525348u          /* "CRSH" */
#define CRASH_FD    5                    /* the record's descriptor in the process */
#define CRASH_ENV   "SHMLABS_CRASH_FD"   /* set to CRASH_FD, in decimal */
#define CRASH_TEXT_(n) #n
#define CRASH_TEXT(n)  CRASH_TEXT_(n)
#define CRASH_ENV_SETTING CRASH_ENV "=" CRASH_TEXT(CRASH_FD)   /* for an environment */

enum {
    CRASH_FRAMES   = 32,    /* addresses kept, the faulting one first */
    CRASH_OBJECTS  = 8,     /* loaded objects described (the program first) */
    CRASH_NAME_MAX = 112    /* bytes of an object's path, NUL included */
};

/* One loaded object (the program, libc ...) as it was mapped at start-up. */
struct crash_object {
    uint64_t start, end;    /* the addresses its loadable segments span */
    uint64_t bias;          /* what was added to its own addresses (PIE, libraries) */
    char     name[CRASH_NAME_MAX];   /* its path; "" for the program itself */
};

struct crash_record {
    uint32_t magic;
    int32_t  pid;           /* the process that crashed */
    int32_t  signal;
    int32_t  code;          /* si_code */
    uint32_t frames;        /* addresses used in pc[] */
    uint32_t objects;       /* entries used in object[] */
    uint64_t pc[CRASH_FRAMES];   /* [0] the instruction that faulted, then return addresses */
    struct crash_object object[CRASH_OBJECTS];
};

/* What a crash signal usually means, for a student: " (a bad pointer, or a
 * write to read-only memory)" for SIGSEGV; "" for a signal that is not one
 * of a crash. */
const char *crash_meaning(int sig);

/* When the process pid ended with wait status `status` from a crash signal
 * and record_fd holds its record for that signal, writes into how (size
 * bytes, cut to fit) where it crashed: "it crashed with SIGSEGV at
 * attach.c:8, in seg_attach (a bad pointer ...)", the place in the
 * student's file found by symbolising the record's addresses against
 * `binary` (the subject's program). Returns false, leaving how alone, when
 * there is no such record or no place can be found. */
bool describe_crash(int status, pid_t pid, int record_fd, const char *binary,
                    char *how, size_t size);

#endif
