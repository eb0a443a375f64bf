/*
 * subject.c: the test's side of the subject protocol (rpc.h).
 *
 * A call is believed only when a well-formed reply with the right sequence
 * number comes back in time. Anything else (the process exits, crashes,
 * hangs, closes or scribbles on its pipe) ends that subject, and the outcome
 * says what happened in words a student can act on.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crash.h"
#include "judge.h"
#include "judge_internal.h"

enum {
    HELLO_TIMEOUT_MS     = 5000,
    CALL_TIMEOUT_MS      = 3000,
    MEMCHECK_TIMEOUT_MS  = 30000,
    VALGRIND_LOG_MAX     = 64 * 1024,
    WATCH_SLICE_MS       = 15,     /* how often a call that should return is looked at */
    WAITING_NOTICE_MS    = 1000,   /* a call still running after this is announced (live line) */
    CALL_CPU_BUDGET_MS   = 250,    /* CPU time no call needs: the reference's use at most 10 ms */
    MEMCHECK_CPU_BUDGET_MS = 1000  /* the same under valgrind */
};

struct subject {
    pid_t    pid;
    int      req_fd, rep_fd;      /* our ends of the two pipes */
    int      out_fd;              /* its stdout and stderr */
    int      log_fd;              /* valgrind's log, -1 without valgrind */
    int      crash_fd;            /* its crash record (crash.h), -1 under valgrind */
    uint32_t seq;
    bool     memcheck;
    bool     dead;                /* killed or ended: no more calls */
    bool     watching;            /* a call that should return is running */
    long     cpu_at_call;         /* the subject's CPU time when it started */
    bool     stuck_before;        /* the last look found every process asleep */
    unsigned long long ticks_before;  /* ... having used this much CPU */
    long long slept_ms;           /* under valgrind: how long the call has slept (sleeps_too_long) */
    long long look_ms;            /* when sleeps_too_long last looked, 0 before its first look */
    unsigned long long sleep_ticks;   /* the subject's CPU ticks then, if it slept */
    int      number;              /* 1 for the test's first subject, 2 ... (the call log's) */
    char     pending[64];         /* the call in flight, "" when none */
    const char *pending_args;     /* its arguments in the test's source */
    int64_t  pending_values[RPC_ARGS];
    int      pending_op;          /* its operation (rpc.h) */
    int      pending_order;       /* its place among the test's calls (report_call_order) */
    size_t   pending_len;         /* its buffer (REQ_DATA), for the call log */
    char     pending_data[RPC_DATA_MAX];
    char     how[200];            /* why it is dead */
    char     report[512];         /* memcheck's verdict */
};

const char *judge_student_file = "";
const char *judge_call_args = "";

/* Marks the subject dead for the reason given and makes sure it is gone.
 * maxrss_kb is its peak memory when already reaped, else 0. */
static void bury_reaped(struct subject *s, const char *how, long maxrss_kb)
{
    int status;
    if (s->pid > 0) {
        kill(s->pid, SIGKILL);
        wait_with_timeout(s->pid, 10000, &status, &maxrss_kb);
        s->pid = -1;
    }
    if (!s->dead) {
        if (maxrss_kb < MEMORY_NOTE_KB)
            snprintf(s->how, sizeof s->how, "%s", how);
        else
            snprintf(s->how, sizeof s->how, "%s, after using more than %ld MiB of memory "
                     "(the limit is %lu MiB)", how, MEMORY_NOTE_KB / 1024, LIMIT_MEMORY >> 20);
        s->dead = true;
    }
}

static void bury(struct subject *s, const char *how)
{
    bury_reaped(s, how, 0);
}

/* The process closed its end: find out how it ended. */
static void summarize_valgrind(const char *log, char *out, size_t size);

/* Under valgrind, a killed subject: what valgrind saw of it (the error and
 * its place in the student's file), appended to how. */
static void add_valgrind_place(const struct subject *s, char *how, size_t size)
{
    char *log = calloc(1, VALGRIND_LOG_MAX);
    char seen[300];
    if (log == NULL)
        return;
    read_capture(s->log_fd, log, VALGRIND_LOG_MAX);
    summarize_valgrind(log, seen, sizeof seen);
    free(log);
    static const char lead[] = "; valgrind saw: ";
    size_t used = strlen(how);
    if (seen[0] != '\0' && used + sizeof lead < size) {      /* cut to fit, never overrun */
        memcpy(how + used, lead, sizeof lead - 1);
        used += sizeof lead - 1;
        size_t n = strnlen(seen, size - used - 1);
        memcpy(how + used, seen, n);
        how[used + n] = '\0';
    }
}

static void bury_after_eof(struct subject *s)
{
    int status;
    long maxrss_kb = 0;
    char how[200], subject_program[512];
    snprintf(subject_program, sizeof subject_program, "%s/subject", judge_config.run_dir);
    if (wait_with_timeout(s->pid, 1000, &status, &maxrss_kb)) {
        pid_t pid = s->pid;
        s->pid = -1;
        describe_status(status, how, sizeof how);
        if (s->memcheck && WIFSIGNALED(status))
            add_valgrind_place(s, how, sizeof how);
        else if (WIFSIGNALED(status))
            describe_crash(status, pid, s->crash_fd, subject_program, how, sizeof how);
    } else {
        snprintf(how, sizeof how, "it closed the test's pipe (file descriptor %d): "
                 "student code must not close descriptors it did not open", RPC_REPLY_FD);
    }
    bury_reaped(s, how, maxrss_kb);
}

/* Under valgrind, whose wall clock for a call is long because running is
 * slow: true, with what happened in how, once the call has slept
 * (subject_sleeping, between two looks with no CPU used) for as long as
 * any call may take natively. Sleeping is not slowed by valgrind. */
static bool sleeps_too_long(struct subject *s, char *how, size_t size)
{
    unsigned long long ticks;
    bool sleeping = subject_sleeping(s->pid, &ticks);
    long long now = now_ms();

    if (sleeping && s->look_ms != 0 && ticks == s->sleep_ticks)
        s->slept_ms += now - s->look_ms;
    s->look_ms = now;
    s->sleep_ticks = sleeping ? ticks : (unsigned long long) -1;
    if (s->slept_ms < CALL_TIMEOUT_MS)
        return false;
    snprintf(how, size, "it slept for %d s without returning, asleep in a system call "
             "that waits for a time (such as sleep or poll)", CALL_TIMEOUT_MS / 1000);
    return true;
}

/* While a call that should return runs: true, with what happened in how,
 * once the evidence shows it never will: every process of the test is
 * asleep waiting for another, at two looks with no CPU used between them;
 * or the subject has used more CPU time than any call needs; or, under
 * valgrind, it has slept as long as a call may take natively. */
static bool never_returns(struct subject *s, char *how, size_t size)
{
    const char *call;
    unsigned long long ticks;
    bool stuck = test_processes_stuck(s->pid, &call, &ticks);
    bool twice = stuck && s->stuck_before && ticks == s->ticks_before;

    s->stuck_before = stuck;
    s->ticks_before = ticks;
    if (twice) {
        snprintf(how, size, "it is blocked for ever: asleep in %s, and no process of the test "
                 "is running that could wake it", call ? call : "a system call");
        return true;
    }
    long budget = s->memcheck ? MEMCHECK_CPU_BUDGET_MS : CALL_CPU_BUDGET_MS;
    if (subject_cpu_ms(s) - s->cpu_at_call > budget) {
        snprintf(how, size, "it used more than %ld ms of CPU time without returning "
                 "(a loop that never ends, or one that spins waiting)", budget);
        return true;
    }
    return s->memcheck && sleeps_too_long(s, how, size);
}

/* Reads one reply within timeout_ms. Returns 1 with a frame, 0 on timeout
 * (nothing read yet), -1 when the subject died (and is buried): also, for a
 * call that should return (s->watching), as soon as it is clear that it
 * never will. */
static int receive(struct subject *s, int timeout_ms, struct rpc_reply *rep)
{
    long long deadline = now_ms() + timeout_ms;
    size_t have = 0;
    char *p = (char *) rep;
    char how[200];

    long long notice_at = timeout_ms > WAITING_NOTICE_MS && s->pending[0] ? now_ms() + WAITING_NOTICE_MS : 0;

    s->stuck_before = false;
    while (have < sizeof *rep) {
        long long now = now_ms();
        if (notice_at != 0 && now >= notice_at) {
            report_waiting(judge_config.test, s->pending, timeout_ms);   /* the grader's live line */
            notice_at = 0;
        }
        int left = (int) (deadline - now);
        int slice = s->watching && have == 0 && left > WATCH_SLICE_MS ? WATCH_SLICE_MS : left;
        if (notice_at != 0 && notice_at - now < slice)
            slice = (int) (notice_at - now);
        struct pollfd pfd = { s->rep_fd, POLLIN, 0 };
        int ready = poll(&pfd, 1, slice > 0 ? slice : 0);
        if (ready == -1 && errno == EINTR)
            continue;
        if (ready == 0 && slice < left) {
            if (s->watching && have == 0 && never_returns(s, how, sizeof how)) {
                bury(s, how);
                return -1;
            }
            continue;
        }
        if (ready == 0) {
            if (have == 0)
                return 0;
            bury(s, "it sent half a reply and stopped: student code wrote into the test's pipe");
            return -1;
        }
        ssize_t got = read(s->rep_fd, p + have, sizeof *rep - have);
        if (got <= 0) {
            bury_after_eof(s);
            return -1;
        }
        have += (size_t) got;
    }
    if (rep->magic != RPC_MAGIC || rep->seq != s->seq || rep->len > RPC_DATA_MAX) {
        bury(s, "its reply was garbled: student code wrote into file descriptors it did not open");
        return -1;
    }
    return 1;
}

/* Starts a subject, under valgrind or not, and waits for its hello. */
static struct subject *start(bool memcheck)
{
    int req[2], rep[2];
    char path[512];
    struct subject *s = calloc(1, sizeof *s);
    static int subjects_started;     /* in this test's process */

    ck_assert_msg(s != NULL, "the test ran out of memory");
    s->number = ++subjects_started;
    ck_assert_msg(pipe2(req, O_CLOEXEC) == 0 && pipe2(rep, O_CLOEXEC) == 0,
                  "the test could not make pipes: %s", strerror(errno));
    snprintf(path, sizeof path, "%s/subject", judge_config.run_dir);
    s->memcheck = memcheck;
    s->out_fd = open_capture_file();
    s->log_fd = memcheck ? open_capture_file() : -1;
    s->crash_fd = memcheck ? -1 : open_capture_file();
    if (memcheck)
        ck_assert_msg(judge_config.valgrind != NULL,
                      "valgrind is not installed: the grader needs it (apt-get install valgrind)");

    const char *plain[] = { path, NULL };
    const char *under_valgrind[] = {
        judge_config.valgrind, "--tool=memcheck", "-q", "--log-fd=5", "--vgdb=no",
        "--leak-check=full", "--show-leak-kinds=definite,indirect",
        "--errors-for-leak-kinds=definite,indirect", "--child-silent-after-fork=yes",
        "--num-callers=12",
        /* Student code is built with -O0: nothing of it is inlined, and not
         * reading inlining info (libc's, with its debug symbols) saves a
         * fifth of valgrind's start. */
        "--read-inline-info=no", path, NULL
    };
    struct spawn_fds fds = { -1, s->out_fd, s->out_fd,
                             { req[0], rep[1], memcheck ? s->log_fd : s->crash_fd } };
    s->pid = spawn_unprivileged(memcheck ? under_valgrind : plain, &fds, memcheck);
    close(req[0]);
    close(rep[1]);
    s->req_fd = req[1];
    s->rep_fd = rep[0];
    ck_assert_msg(s->pid > 0, "the test could not start a process: %s", strerror(errno));

    struct rpc_reply hello;
    int got = receive(s, memcheck ? MEMCHECK_TIMEOUT_MS : HELLO_TIMEOUT_MS, &hello);
    if (got == 0)
        bury(s, "it did not start within the time allowed");
    ck_assert_msg(got == 1, "your code could not even start: %s before the test could call "
                  "anything. Does your file define main, constructors, or code that runs at start-up?",
                  s->how);
    return s;
}

struct subject *subject_start(void)
{
    return start(false);
}

struct subject *subject_start_memcheck(void)
{
    return start(true);
}

pid_t subject_pid(const struct subject *s)
{
    return s->pid;
}

/* Describes a call that did not come back. */
static void fail_outcome(const struct subject *s, const char *name, struct outcome *o)
{
    memset(o, 0, sizeof *o);
    snprintf(o->call, sizeof o->call, "%s", name);
    snprintf(o->how, sizeof o->how, "%s", s->how);
    o->returned = false;
    o->ret = -1;
}

void subject_send(struct subject *s, int op, const char *name,
                  const int64_t args[RPC_ARGS], const void *data, size_t len)
{
    static struct rpc_request req;

    ck_assert_msg(s->pending[0] == '\0',
                  "test bug: %s started while %s is still running", name, s->pending);
    snprintf(s->pending, sizeof s->pending, "%s", name);
    s->pending_args = judge_call_args;
    judge_call_args = "";      /* a call made without CALL and the like has no source text */
    memcpy(s->pending_values, args, sizeof s->pending_values);
    s->pending_op = op;
    s->pending_order = report_call_order();
    s->pending_len = data != NULL ? (len < RPC_DATA_MAX ? len : RPC_DATA_MAX) : 0;
    if (data != NULL)
        memcpy(s->pending_data, data, s->pending_len);
    if (s->dead)
        return;
    memset(&req, 0, sizeof req);
    req.magic = RPC_MAGIC;
    req.seq = ++s->seq;
    req.op = op;
    req.len = (uint32_t) (len < RPC_DATA_MAX ? len : RPC_DATA_MAX);
    memcpy(req.arg, args, sizeof req.arg);
    if (data != NULL)
        memcpy(req.data, data, req.len);
    if (write(s->req_fd, &req, sizeof req) != (ssize_t) sizeof req)
        bury_after_eof(s);
}

/* --verbose and grader/repro: the event of the call that just ended, as
 * *o says (results.c). */
static void log_call(const struct subject *s, const struct outcome *o)
{
    if (judge_config.verbose)
        report_call(o, s->number, s->pending_op, s->pending_order, s->pending_args, s->pending_values,
                    RPC_ARGS, s->pending_data, s->pending_len);
}

bool subject_await(struct subject *s, int timeout_ms, struct outcome *out)
{
    static struct rpc_reply rep;

    ck_assert_msg(s->pending[0] != '\0', "test bug: subject_await with no call running");
    int got = s->dead ? -1 : receive(s, timeout_ms, &rep);
    if (got == 0)
        return false;
    if (got == -1) {
        fail_outcome(s, s->pending, out);
    } else {
        memset(out, 0, sizeof *out);
        snprintf(out->call, sizeof out->call, "%s", s->pending);
        out->returned = true;
        out->ret = rep.ret;
        out->err = rep.err;
        memcpy(out->data, rep.data, sizeof out->data);
    }
    log_call(s, out);
    s->pending[0] = '\0';
    return true;
}

struct outcome subject_call(struct subject *s, int op, const char *name,
                            const int64_t args[RPC_ARGS], const void *data, size_t len)
{
    struct outcome o;
    int timeout = s->memcheck ? MEMCHECK_TIMEOUT_MS : CALL_TIMEOUT_MS;

    if (op == OP_EXEC_SELF)     /* the reply is the new program's hello */
        s->seq = (uint32_t) -1;
    subject_send(s, op, name, args, data, len);
    if (op == OP_EXEC_SELF)
        s->seq = 0;
    s->cpu_at_call = subject_cpu_ms(s);
    s->slept_ms = s->look_ms = 0;
    s->watching = op != OP_EXEC_SELF;      /* a new program starts: not a call */
    bool ended = subject_await(s, timeout, &o);
    s->watching = false;
    if (!ended) {
        char how[200];
        snprintf(how, sizeof how, "it did not return within %d s "
                 "(blocked for ever, or a loop that never ends)", timeout / 1000);
        bury(s, how);
        fail_outcome(s, name, &o);
        log_call(s, &o);
        s->pending[0] = '\0';
    }
    return o;
}

/* What a student should make of valgrind's error `kind`, or "" when the
 * kind says it all. */
static const char *valgrind_advice(const char *kind)
{
    if (strstr(kind, "definitely lost") || strstr(kind, "indirectly lost"))
        return "memory allocated there is never freed: free it on every path, "
               "the failure paths too (a struct can often live on the stack instead)";
    if (strstr(kind, "uninitialised"))
        return "a value is used before anything was stored in it";
    if (strstr(kind, "Invalid read") || strstr(kind, "Invalid write"))
        return "an access outside memory the code owns: past the end of a buffer, "
               "or memory freed or detached before";
    if (strstr(kind, "Invalid free") || strstr(kind, "Mismatched free"))
        return "free of a pointer that malloc did not return, or freed twice";
    if (strstr(kind, "unaddressable"))
        return "a system call was given a pointer to memory the process does not own";
    return "";
}

/* Valgrind's warning that a system call was given an address range it
 * cannot touch: "Warning: client syscall shmdt tried to modify addresses
 * 0xffffffffffffffff-0xffffffffffffffff". It has no stack; an address of
 * all ones is (void *) -1, shmat's failure value, used as an address. */
static bool explain_bad_syscall_address(const char *kind, char *out, size_t size)
{
    char call[64];
    unsigned long long from;

    if (sscanf(kind, "Warning: client syscall %63s tried to modify addresses %llx",
               call, &from) != 2)
        return false;
    if (from == (unsigned long long) (uintptr_t) (void *) -1)
        snprintf(out, size, "%s was given the address (void *) -1, the value shmat "
                 "returns when it fails (valgrind: \"%s\"): a shmat result compared with "
                 "NULL lets a failed attach through; compare it with (void *) -1",
                 call, kind);
    else
        snprintf(out, size, "%s was given addresses the process does not own "
                 "(valgrind: \"%s\")", call, kind);
    return true;
}

/* Turns valgrind's log into one line: the first error, its place (the
 * frame of the student's file: "seg_nattch (detach.c:20)", else the first
 * frame) and what it likely means. Empty when the log holds no error. */
static void summarize_valgrind(const char *log, char *out, size_t size)
{
    char kind[200] = "", frame[200] = "", any_frame[200] = "", needle[128];
    int errors = 0;

    snprintf(needle, sizeof needle, "(%s:", judge_student_file);
    out[0] = '\0';
    for (const char *line = log; *line; ) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t) (end - line) : strlen(line);
        const char *text = line;
        if (n > 2 && line[0] == '=' && line[1] == '=') {
            text = strstr(line + 2, "== ");
            text = (text && text < line + n) ? text + 3 : line + n;
        }
        size_t tn = (size_t) (line + n - text);
        const char *colon = tn > 0 ? memchr(text, ':', tn) : NULL;
        const char *at = strstr(text, "at 0x"), *by = strstr(text, "by 0x");
        bool is_frame = colon && ((at && at < colon) || (by && by < colon));
        if (tn > 0 && text[0] != ' ') {
            if (errors++ == 0)
                snprintf(kind, sizeof kind, "%.*s", (int) tn, text);
        } else if (errors == 1 && is_frame && (size_t) (colon + 2 - text) <= tn) {
            int len = (int) (text + tn - colon - 2);
            const char *hit = strstr(text, needle);
            if (any_frame[0] == '\0')
                snprintf(any_frame, sizeof any_frame, "%.*s", len, colon + 2);
            if (frame[0] == '\0' && hit && hit < text + tn)
                snprintf(frame, sizeof frame, "%.*s", len, colon + 2);
        }
        line += n + (end ? 1 : 0);
    }
    if (errors == 0)
        return;
    const char *more = errors > 1 ? " (and more after it)" : "";
    if (explain_bad_syscall_address(kind, out, size)) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s", more);
        return;
    }
    const char *place = frame[0] ? frame : any_frame;
    const char *advice = valgrind_advice(kind);
    snprintf(out, size, "%s%s%s%s%s%s", kind, place[0] ? " in " : "", place, more,
             advice[0] ? ": " : "", advice);
}

int subject_finish(struct subject *s)
{
    int status = 0;

    if (!s->dead) {
        static struct rpc_request req;
        memset(&req, 0, sizeof req);
        req.magic = RPC_MAGIC;
        req.seq = ++s->seq;
        req.op = OP_EXIT;
        if (write(s->req_fd, &req, sizeof req) == (ssize_t) sizeof req &&
            wait_with_timeout(s->pid, s->memcheck ? MEMCHECK_TIMEOUT_MS : CALL_TIMEOUT_MS, &status, NULL))
            s->pid = -1;
        bury(s, "it has finished");
    }
    if (s->memcheck) {
        char *log = calloc(1, VALGRIND_LOG_MAX);
        ck_assert_msg(log != NULL, "the test ran out of memory");
        read_capture(s->log_fd, log, VALGRIND_LOG_MAX);
        summarize_valgrind(log, s->report, sizeof s->report);
        free(log);
    }
    return status;
}

void subject_output(const struct subject *s, char *buf, size_t size)
{
    read_capture(s->out_fd, buf, size);
}

void subject_kill(struct subject *s)
{
    bury(s, "the test stopped it");
    if (s->pending[0] != '\0') {      /* a call still running: it never ended */
        struct outcome o;
        fail_outcome(s, s->pending, &o);
        log_call(s, &o);
        s->pending[0] = '\0';
    }
}

const char *subject_memcheck_report(struct subject *s)
{
    return s->report[0] ? s->report : NULL;
}

long subject_cpu_ms(const struct subject *s)
{
    return process_cpu_ms(s->pid);
}

void require_returned(const struct outcome *o)
{
    if (!o->returned)
        ck_abort_msg("%s did not return: %s. Student functions must return to their "
                     "caller: never exit, crash or block where the contract says they return.",
                     o->call, o->how);
}

void require_failure(const struct outcome *o, const char *call, int want, const char *hint)
{
    require_returned(o);
    ck_assert_msg(o->ret == -1, "%s returned %lld, expected -1 with errno %s: %s",
                  call, (long long) o->ret, errname(want), hint);
    ck_assert_msg(o->err == want, "%s failed with %s, expected %s: %s",
                  call, errname(o->err), errname(want), hint);
}

void require_no_memory_errors(struct subject *s, const char *advice)
{
    subject_finish(s);
    const char *report = subject_memcheck_report(s);
    ck_assert_msg(report == NULL, "valgrind found a memory error in your code: %s%s%s",
                  report, advice ? ". " : "", advice ? advice : "");
}
