/*
 * judge_internal.h: what the harness's own files share. Lab tests use
 * judge.h only.
 */
#ifndef SHMLABS_JUDGE_INTERNAL_H
#define SHMLABS_JUDGE_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* How the test run was set up (judge.c fills it before any test runs). */
struct judge_config {
    const char *run_dir;      /* where `subject` and the lab programs are */
    uid_t       subject_uid;  /* who student code runs as */
    gid_t       subject_gid;
    bool        change_user;  /* subject_uid differs from ours: setresuid */
    bool        shared_ipc;   /* no private IPC namespace per test (the
                                 `container` isolation level): tests share
                                 ours, and the run removes what each left */
    int         ledger_fd;    /* where the tests note the objects they make */
    bool        verbose;      /* log each call on stderr (SHMLABS_VERBOSE) */
    const char *test;         /* the number of the test running ("1.9") */
    const char *valgrind;     /* path of valgrind, or NULL when not found */
    int         results_fd;   /* where results and events go (--results), -1 for nowhere */
};

extern struct judge_config judge_config;

/* The student file's name ("create.c"), to find it in valgrind's reports. */
extern const char *judge_student_file;

/* The test's scratch directory (made by the per-test setup, 0755). */
const char *judge_scratch_dir(void);

/* File descriptors a new process gets, by number; -1 means /dev/null. */
struct spawn_fds {
    int in, out, err;         /* 0, 1, 2 */
    int extra[3];             /* 3, 4, 5: pipes of the subject protocol; 5 is valgrind's
                                 log, or natively the crash record (crash.h) */
};

/* Starts argv[0] (a full path) as the subject's user, without privileges,
 * with the resource limits of student code, in the caller's namespaces, and
 * dying with the caller. Returns the pid, or -1 with errno set. */
pid_t spawn_unprivileged(const char *const argv[], const struct spawn_fds *fds,
                         bool under_valgrind);

/* Describes a wait status for a student: "exited with status 0", "was killed
 * by SIGSEGV (a bad pointer, or a write to read-only memory)". */
void describe_status(int status, char *buf, size_t size);

/* Waits up to timeout_ms for pid to end. Returns true and sets *status and
 * *maxrss_kb (its peak memory; maxrss_kb may be NULL) when it did (both 0
 * when it was reaped already, so there is nothing more to know); false
 * when it is still running. */
bool wait_with_timeout(pid_t pid, int timeout_ms, int *status, long *maxrss_kb);

/* The limits of every process of student code (spawn.c), named once. */
enum {
    LIMIT_CPU_S        = 10,          /* CPU seconds per process */
    LIMIT_PROCS        = 64,          /* processes of the subject's user */
    LIMIT_FILES        = 64,          /* open file descriptors */
    LIMIT_FILE_SIZE    = 1 << 20,     /* bytes per file written (output too) */
    LIMIT_FILES_BEFORE = 65536        /* descriptors closed by hand without close_range */
};
#define LIMIT_MEMORY    (512UL << 20)   /* address space, without valgrind */

/* The shape of a run (judge.c): tests in one lab, processes running them
 * at once, the exit status of a worker that could not go on, and the
 * longest result line written in one piece. */
enum {
    JUDGE_MAX_TESTS     = 256,
    JUDGE_MAX_WORKERS   = 16,
    JUDGE_WORKER_BROKEN = 255,
    RESULT_LINE_MAX     = 1 << 16
};

/* Memory above which a dead process is said to have hit the memory limit. */
#define MEMORY_NOTE_KB (400L * 1024)

/* True when no process of the test can make progress any more: each one
 * sleeps in a system call that only another could end (semop, pause, a
 * wait for a child ...), or is stopped, and one at least waits for another
 * (not only for the test's next request). *call is then what the process
 * `called` is asleep in ("semop"), or NULL. *ticks gets the CPU time they
 * have used, so that two looks can tell whether anything ran between them.
 * Stuck (stuck.c). */
bool test_processes_stuck(pid_t called, const char **call, unsigned long long *ticks);

/* True when every thread of process pid sleeps in a system call that ends
 * by itself (nanosleep, poll with a timeout ...) rather than one that only
 * another process could end; *ticks gets their CPU ticks (stuck.c). */
bool subject_sleeping(pid_t pid, unsigned long long *ticks);

struct judge_lab;
struct outcome;
struct graded_test;

/* Prints the lab and its tests as one JSON object (results.c). */
void describe_tests(FILE *out, const struct judge_lab *lab, const struct graded_test *tests, size_t count);

/* Writes one test's result as a JSON line and flushes it; false when it
 * could not be written (results.c). */
bool report_result(FILE *out, const char *number, bool passed, const char *message);

/* The next number of the test's count of calls started and ended: a
 * call's "order" when it starts, its "ended" when it ends. */
int report_call_order(void);

/* With SHMLABS_VERBOSE: the event of a subject's call (o->call) that ended
 * as o says, started `order`-th, with the test's source text of its
 * arguments, their values and the request's buffer. */
void report_call(const struct outcome *o, int subject, int op, int order, const char *source,
                 const int64_t values[], int n_values, const void *data, size_t len);

/* With SHMLABS_VERBOSE: the event of a System V call the test itself made
 * (a fixture): its C with ARG(i) for values[i], and what it returned. */
void report_fixture(const char *call, const char *expression, const int64_t values[],
                    int n_values, int64_t ret, int err);

/* Tells the grader, on the results descriptor, that test's call has run
 * for over a second and may run until limit_ms (its live line; results.c).
 * The names are the harness's own (test numbers, student function names),
 * never text of student code. */
void report_waiting(const char *test, const char *call, int limit_ms);

/* The CPU time (user + system, ms) process pid has used, -1 when gone. */
long process_cpu_ms(pid_t pid);

/* Milliseconds on a monotonic clock. */
long long now_ms(void);

/* Opens a new, nameless file for output of a child (unreachable by name). */
int open_capture_file(void);

/* Reads up to size-1 bytes from the start of fd into buf, NUL-terminated. */
void read_capture(int fd, char *buf, size_t size);

#endif
