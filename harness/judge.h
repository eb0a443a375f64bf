/*
 * judge.h: what a lab's Check tests use to run student code and judge it.
 *
 * A lab's tests (labs/NN-topic/tests/BASE_tests.c) never link the student's
 * file. They start subject processes, ask them to call student functions
 * (CALL), and judge the replies and the kernel's own state (IPC_STAT,
 * /proc/sysvipc) from the test process, which student code cannot reach.
 *
 * Every test runs in Check's fork mode, in a fresh private IPC namespace of
 * its own: the first segment or semaphore set a test creates gets id 0, no
 * test sees another's objects, and everything is destroyed when it ends.
 * Subjects run as an unprivileged user, so EACCES and EPERM mean something
 * even when the grader runs as root.
 *
 * This header is the same for every lab and names no lab's functions. A
 * lab's tests include it, then the lab's call list, tests/BASE_calls.h,
 * which numbers the functions that CALL may name (harness/rpc.h):
 *
 *     #include "judge.h"
 *     #include "create_calls.h"
 *
 *     START_TEST(test_create_exact_size)
 *     {
 *         struct subject *s = subject_start();
 *         struct outcome o = CALL(s, seg_create, test_key(1), 1000, 0600);
 *         require_returned(&o);
 *         ck_assert_msg(o.ret != -1, "seg_create failed with %s ...", errname(o.err));
 *         ...
 *     }
 *     END_TEST
 *
 *     static const struct graded_test tests[] = {
 *         GRADED(test_create_exact_size, "1.1", 2, "makes a segment of exactly the size asked for", 0),
 *     };
 *     JUDGE_MAIN("01-create", tests)
 */
#ifndef SHMLABS_JUDGE_H
#define SHMLABS_JUDGE_H

#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "rpc.h"

/* ------------------------------------------------------------------------
 * Declaring the graded tests
 * --------------------------------------------------------------------- */

enum graded_flags {
    GT_OTHER_USER = 1u << 0,  /* needs an owner other than the subject's user (EPERM) */
    GT_SLOW       = 1u << 1   /* runs valgrind or waits on purpose: a longer timeout */
};

struct graded_test {
    const TTest *test;        /* the START_TEST function */
    const char  *number;      /* "1.4": lab number, then the test's place in the lab */
    int          points;
    const char  *title;       /* what it checks, in a student's words */
    unsigned     flags;       /* enum graded_flags */
};

/* Check's START_TEST also defines a pointer variable that C cannot use in a
 * static table (it is not a constant) and that compilers then call unused.
 * The tests of this kit are listed in tables, so START_TEST here defines
 * only the test function and its TTest, exactly as Check's does. */
#undef START_TEST
#define START_TEST(name)                                                     \
    static void name##_fn(int _i CK_ATTRIBUTE_UNUSED);                      \
    static const TTest name##_ttest = { "" #name, name##_fn, __FILE__, __LINE__ }; \
    static void name##_fn(int _i CK_ATTRIBUTE_UNUSED)

/* One row of a lab's table. */
#define GRADED(fn, number, points, title, flags)                             \
    { &fn##_ttest, (number), (points), (title), (flags) }

/* What a judge is the judge of. */
struct judge_lab {
    const char *name;          /* "01-create" */
    const char *student_file;  /* "create.c" */
    const char *programs;      /* the lab's programs, space-separated */
    bool        hidden;        /* the instructor's hidden tests */
};

/* The build says which programs the lab has, and which judge this is. */
#ifndef LAB_PROGRAMS
#define LAB_PROGRAMS ""
#endif
#ifndef JUDGE_HIDDEN
#define JUDGE_HIDDEN 0
#endif

/* Runs the lab's tests. `--describe` prints the lab and its tests as JSON
 * without running anything; `--run DIR --results FD` runs the tests against
 * the subject and programs built in DIR and writes one JSON line per test
 * to descriptor FD as each test ends (the grader's, which no subject
 * inherits); see results.c. Returns the process exit status. */
int judge_main(int argc, char **argv, const struct judge_lab *lab,
               const struct graded_test *tests, size_t count);

#define JUDGE_MAIN(lab, table)                                               \
    int main(int argc, char **argv)                                          \
    {                                                                        \
        static const struct judge_lab this_lab =                             \
            { (lab), STUDENT_FILE, LAB_PROGRAMS, JUDGE_HIDDEN };             \
        return judge_main(argc, argv, &this_lab, (table),                   \
                          sizeof(table) / sizeof((table)[0]));               \
    }

/* ------------------------------------------------------------------------
 * Subjects: processes that run student code
 * --------------------------------------------------------------------- */

struct subject;

/* What became of one call. */
struct outcome {
    bool    returned;            /* the function came back (else see `how`)  */
    int64_t ret;                 /* its return value; pointers as integers   */
    int     err;                 /* errno right after it returned            */
    char    data[RPC_DATA_MAX];  /* what it wrote into its output buffer     */
    char    call[96];            /* "seg_create(0x4c000001, 1000, 0600)"-like */
    char    how[200];            /* when !returned, what happened instead:
                                    "the process was killed by SIGSEGV"      */
};

/* Starts a subject: the student's code in a new process, as the unprivileged
 * user, in the test's IPC namespace. Fails the test (with a message saying
 * why) when the process does not come up, for instance because code in the
 * student file ends it before main. */
struct subject *subject_start(void);

/* The same, under valgrind memcheck; see subject_memcheck_report(). */
struct subject *subject_start_memcheck(void);

/* The subject's process id. */
pid_t subject_pid(const struct subject *s);

/* Calls lab function `op` in the subject with up to RPC_ARGS integer
 * arguments and `len` bytes of `data` (the request's buffer; text arguments
 * go there). Waits up to the call timeout (3 s; 30 s under valgrind).
 * When the call does not return, the subject is killed and `how` says why;
 * every later call on it fails at once the same way. */
struct outcome subject_call(struct subject *s, int op, const char *name,
                            const int64_t args[RPC_ARGS],
                            const void *data, size_t len);

/* Starts a call without waiting for it (for calls that must block). */
void subject_send(struct subject *s, int op, const char *name,
                  const int64_t args[RPC_ARGS], const void *data, size_t len);

/* Waits up to timeout_ms for the call started by subject_send. Returns true
 * and fills `out` when it ended (returned, or the process died); returns
 * false when it is still running (blocked). */
bool subject_await(struct subject *s, int timeout_ms, struct outcome *out);

/* Asks the subject to exit(0) and waits for it. Returns the wait status. */
int subject_finish(struct subject *s);

/* What the subject has written to its stdout and stderr so far (one
 * capture, which the test holds), NUL-terminated, cut at size - 1. */
void subject_output(const struct subject *s, char *buf, size_t size);

/* Kills the subject (SIGKILL) and waits for it. Safe on a dead subject. */
void subject_kill(struct subject *s);

/* After subject_finish on a subject_start_memcheck subject: NULL when
 * valgrind reported nothing, else one line describing the first error
 * (kind, function, file:line in the student's file). */
const char *subject_memcheck_report(struct subject *s);

/* Finishes s, a subject_start_memcheck subject (subject_finish), and fails
 * the test when valgrind reported an error: "valgrind found a memory error
 * in your code: REPORT", followed by ". ADVICE" when advice is not NULL. */
void require_no_memory_errors(struct subject *s, const char *advice);

/* CPU time (user + system, in milliseconds) the subject has used so far. */
long subject_cpu_ms(const struct subject *s);

/* Calling student functions: CALL(s, seg_create, key, 4096, 0600), where
 * seg_create is a name of the lab's call list (OP_seg_create). */
/* The arguments of the call being started, as the test's source writes
 * them ("test_key(1), 1000, 0600"), for --verbose's log of calls. */
extern const char *judge_call_args;

#define CALL(s, fn, ...)                                                      \
    (judge_call_args = #__VA_ARGS__,                                          \
     subject_call((s), OP_##fn, #fn, (const int64_t[RPC_ARGS]){__VA_ARGS__},  \
                  NULL, 0))
#define CALL_DATA(s, fn, data, len, ...)                                      \
    (judge_call_args = #__VA_ARGS__,                                          \
     subject_call((s), OP_##fn, #fn, (const int64_t[RPC_ARGS]){__VA_ARGS__},  \
                  (data), (len)))
#define SEND(s, fn, ...)                                                      \
    (judge_call_args = #__VA_ARGS__,                                          \
     subject_send((s), OP_##fn, #fn, (const int64_t[RPC_ARGS]){__VA_ARGS__},  \
                  NULL, 0))
#define SEND_DATA(s, fn, data, len, ...)                                      \
    (judge_call_args = #__VA_ARGS__,                                          \
     subject_send((s), OP_##fn, #fn, (const int64_t[RPC_ARGS]){__VA_ARGS__},  \
                  (data), (len)))
/* The common operations of rpc.h: COMMON(s, OP_POKE, addr, 'x'). */
#define COMMON(s, op, ...)                                                    \
    (judge_call_args = #__VA_ARGS__,                                          \
     subject_call((s), (op), #op, (const int64_t[RPC_ARGS]){__VA_ARGS__},     \
                  NULL, 0))

/* Fails the test unless the call returned, saying what happened instead:
 * "seg_create(...) did not return: the process exited with status 0. Student
 * functions must return to their caller, never exit or crash." */
void require_returned(const struct outcome *o);

/* Fails the test unless the call returned -1 with errno `want`. `call`
 * describes it ("seg_size(-1)"); `hint`, the likely mistake in the
 * lecture's words, ends the message for a wrong return value and for a
 * wrong errno alike. */
void require_failure(const struct outcome *o, const char *call, int want, const char *hint);

/* ------------------------------------------------------------------------
 * Programs: the lab's command-line drivers, run end to end
 * --------------------------------------------------------------------- */

struct program_result {
    bool returned;          /* it exited by itself within the timeout */
    bool spun;              /* it was stopped for using too much CPU time */
    int  status;            /* exit status when it exited, else -1 */
    int  signal;            /* the signal that killed it, else 0 */
    char out[4096];         /* its stdout, NUL-terminated, cut at the size */
    char err[4096];         /* its stderr, likewise */
    char crash[200];        /* where it crashed ("it crashed with SIGSEGV at attach.c:8,
                               in seg_attach ..."), "" when that is not known */
};

/* Runs the lab program `argv[0]` (a name from the lab's PROGRAMS) with the
 * given arguments, as the unprivileged user, in the test's IPC namespace,
 * feeding it `input` (NULL for none) on stdin. Kills it after timeout_ms. */
struct program_result run_program(const char *const argv[], const char *input,
                                  int timeout_ms);

/* Starts a lab program without waiting; pair with program_wait. */
struct program;
struct program *program_start(const char *const argv[], const char *input);
struct program_result program_wait(struct program *p, int timeout_ms);

/* Fails the test unless the program exited by itself with status 0. `cmd`
 * is its command line for the message ("shmsize FILE"), which quotes what
 * it wrote on stderr. */
void require_program_ok(const struct program_result *r, const char *cmd);

/* Fails the test unless the program failed the way the kit's programs do:
 * exit status 1 and exactly one line on stderr, holding `text` (usually
 * strerror of the errno expected). */
void require_program_error(const struct program_result *r, const char *cmd,
                           const char *text);

/* ------------------------------------------------------------------------
 * The kernel's view, from the test process
 * --------------------------------------------------------------------- */

/* A key of the test's own: the namespace is private, so any value works;
 * distinct n give distinct keys, none of them IPC_PRIVATE. */
key_t test_key(int n);

/* Creates the file /tmp/NAME (readable by the subject's user) and returns its
 * path, for ftok. The string stays valid until the test ends. */
const char *key_file(const char *name);

/* Creates a segment or a semaphore set as the test process itself (owner:
 * the grader, not the subject's user), failing the test if it cannot. */
int make_segment(key_t key, size_t size, int mode);
int make_semset(key_t key, int nsems, int mode);

/* True when subjects run as a user other than the test's own, so that the
 * test's objects have a foreign owner for them (EPERM). Tests flagged
 * GT_OTHER_USER only run where this holds. */
bool judge_has_other_user(void);

/* Opens /proc/PID/FILE of a process of student code (its maps, status ...)
 * for reading, as that process's user where our own credentials do not
 * reach it (a root without CAP_SYS_PTRACE, in a container). NULL with errno
 * set when it cannot be opened. */
FILE *open_proc_of(pid_t pid, const char *file);

/* Room for `bytes` more of segments than the grader's bound on all of
 * them (sysctl kernel.shmall, kept low in a test's own IPC namespace): the
 * bound is raised, and its old value returned for shmall_restore. 0 when
 * nothing was changed: a shared namespace keeps the machine's own bound,
 * which is high unless its owner lowered it. Lets a huge segment that is
 * never touched be made at every isolation level alike. */
unsigned long long shmall_raise(size_t bytes);
void shmall_restore(unsigned long long before);

/* The number of segments / semaphore sets in the test's namespace. */
int count_segments(void);
int count_semsets(void);

/* A one-line description of the namespace's objects ("2 segments: key
 * 0x4c000001 1000 bytes nattch 0; key 0 ..."), for failure messages. */
const char *describe_ipc(void);

/* IPC_STAT of segment shmid, from the test process, into *ds. False when
 * the kernel refuses it, that is when shmid names no segment (any more). */
bool segment_stat(int shmid, struct shmid_ds *ds);

/* The kernel's record of segment shmid. Fails the test when it cannot be
 * read (the message describes the namespace's objects). */
struct shmid_ds stat_segment(int shmid);

/* Waits up to 3 s for the kernel's attach count of shmid (shm_nattch) to
 * become `want`, and returns the count it last saw: `want`, unless time ran
 * out. (A killed process lets go of its attachments a moment after kill()
 * returns, hence the wait.) Fails the test when the segment is destroyed
 * meanwhile. */
int await_nattch(int shmid, int want);

/* Waits up to 3 s for segment shmid to be destroyed (IPC_STAT fails).
 * Returns true when it is gone, false when it still exists. */
bool await_destroyed(int shmid);

/* ------------------------------------------------------------------------
 * Failure messages (one line each)
 * --------------------------------------------------------------------- */

/* "EEXIST", "ENOENT" ...; "0" for 0 and a number for unknown values. */
const char *errname(int err);

/* Formats a mode as octal text ("0600"), for messages. */
const char *octal(int mode);

/* printf into one of 8 rotating buffers of 256 bytes (longer text is cut):
 * call descriptions and the like, for messages. A result stays valid for
 * the next 7 calls. */
const char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* A program's output quoted on one line: each newline but a final one
 * shown as " | ", cut after about 300 characters (then ending in " ...");
 * "(nothing)" for "" or a lone newline. One of 4 rotating buffers: a result
 * stays valid for the next 3 calls. */
const char *one_line(const char *text);

/* ------------------------------------------------------------------------
 * Diagnoses from the evidence
 *
 * A message names a cause only when what the test saw supports it; where
 * two causes fit, it says what was seen and asks.
 * --------------------------------------------------------------------- */

/* require_failure, after looking at the evidence first: a call that returned
 * a success value while errno holds an error ("a failure turned into a
 * success value?"), or -1 with errno 0 (no system call failed: a check of
 * the student's own before `syscall`, which names the call that should have
 * judged the arguments: "shmctl"). Only then, for a wrong errno, `hint`. */
void require_failed(const struct outcome *o, const char *call, int want,
                    const char *syscall, const char *hint);

/* One step of the scenario of a hygiene or valgrind test, whose calls other
 * tests judge: unless the call returned and `ok`, fails the test with "not
 * reached: the scenario stopped at CALL, which returned R (errno E) where
 * EXPECTED was expected; see SEE" (SEE names the test that judges it). */
void require_step(const struct outcome *o, const char *call, bool ok,
                  const char *expected, const char *see);

/* require_step for a call that must fail: -1 with errno `want`. */
void require_step_failure(const struct outcome *o, const char *call, int want, const char *see);

/* Finishes s (subject_finish: exit flushes its stdio buffers) and returns
 * what it wrote on stdout and stderr (subject_output), NUL-terminated, cut
 * at 2 KiB. The text stays valid until the next call. */
const char *finish_reading_output(struct subject *s);

/* Finishes s and fails the test when it printed anything; `functions`
 * names the student functions it called ("seg_detach and seg_nattch"). */
void require_printed_nothing(struct subject *s, const char *functions);

#endif
