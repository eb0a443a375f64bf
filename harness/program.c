/*
 * program.c: running the lab's command-line programs end to end, as the
 * student would from a terminal, but unprivileged and within limits.
 */
#include <errno.h>
#include <fcntl.h>
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
    MAX_PROGRAM_ARGS      = 16,
    PROGRAM_SLICE_MS      = 20,
    PROGRAM_CPU_BUDGET_MS = 500    /* a lab's program uses a few ms: it ends sooner or spins */
};

struct program {
    pid_t pid;
    int   out_fd, err_fd;
    int   crash_fd;              /* its crash record (crash.h) */
    char  path[512];             /* its program, to place a crash in */
};

struct program *program_start(const char *const argv[], const char *input)
{
    const char *args[MAX_PROGRAM_ARGS + 1];
    struct program *p = calloc(1, sizeof *p);
    size_t n = 0;

    ck_assert_msg(p != NULL, "the test ran out of memory");
    snprintf(p->path, sizeof p->path, "%s/%s", judge_config.run_dir, argv[0]);
    args[n++] = p->path;
    while (argv[n] != NULL && n < MAX_PROGRAM_ARGS) {
        args[n] = argv[n];
        n++;
    }
    args[n] = NULL;

    int in_fd = -1;
    if (input != NULL) {
        in_fd = open_capture_file();
        size_t len = strlen(input);
        ck_assert_msg(write(in_fd, input, len) == (ssize_t) len, "the test could not write input");
        lseek(in_fd, 0, SEEK_SET);
    }
    p->out_fd = open_capture_file();
    p->err_fd = open_capture_file();
    p->crash_fd = open_capture_file();
    struct spawn_fds fds = { in_fd, p->out_fd, p->err_fd, { -1, -1, p->crash_fd } };
    p->pid = spawn_unprivileged(args, &fds, false);
    ck_assert_msg(p->pid > 0, "the test could not start %s: %s", argv[0], strerror(errno));
    if (in_fd != -1)
        close(in_fd);
    return p;
}

struct program_result program_wait(struct program *p, int timeout_ms)
{
    struct program_result r;
    int status = 0;

    memset(&r, 0, sizeof r);
    /* in slices, so that a program spinning on the CPU ends at once */
    long long deadline = now_ms() + timeout_ms;
    do {
        long long left = deadline - now_ms();
        r.returned = wait_with_timeout(p->pid, left < PROGRAM_SLICE_MS ? (int) left : PROGRAM_SLICE_MS,
                                       &status, NULL);
        r.spun = !r.returned && process_cpu_ms(p->pid) > PROGRAM_CPU_BUDGET_MS;
    } while (!r.returned && !r.spun && now_ms() < deadline);
    if (!r.returned) {
        kill(p->pid, SIGKILL);
        waitpid(p->pid, &status, 0);
    }
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (!r.returned)
        r.signal = 0;
    read_capture(p->out_fd, r.out, sizeof r.out);
    read_capture(p->err_fd, r.err, sizeof r.err);
    if (r.signal)
        describe_crash(status, p->pid, p->crash_fd, p->path, r.crash, sizeof r.crash);
    close(p->crash_fd);
    close(p->out_fd);
    close(p->err_fd);
    free(p);
    return r;
}

struct program_result run_program(const char *const argv[], const char *input, int timeout_ms)
{
    return program_wait(program_start(argv, input), timeout_ms);
}

/* "exited with status 2", "was killed by SIGSEGV", "did not finish in time". */
static const char *how_it_ended(const struct program_result *r)
{
    if (r->spun)
        return fmt("used more than %d ms of CPU time without finishing (a loop that never ends?)",
                   PROGRAM_CPU_BUDGET_MS);
    if (!r->returned)
        return "did not finish in time";
    if (r->crash[0])
        return fmt("stopped: %s", r->crash);
    if (r->signal) {
        const char *name = sigabbrev_np(r->signal);
        return name ? fmt("was killed by SIG%s", name) : fmt("was killed by signal %d", r->signal);
    }
    return fmt("exited with status %d", r->status);
}

void require_program_ok(const struct program_result *r, const char *cmd)
{
    ck_assert_msg(r->returned && r->status == 0,
                  "`%s` %s, expected it to succeed with status 0; its error output: %s",
                  cmd, how_it_ended(r), one_line(r->err));
}

void require_program_error(const struct program_result *r, const char *cmd,
                           const char *text)
{
    const char *newline = strchr(r->err, '\n');

    ck_assert_msg(r->returned && r->status == 1,
                  "`%s` should fail with status 1 and one line on stderr saying \"%s\", but "
                  "it %s; its output: %s", cmd, text, how_it_ended(r), one_line(r->out));
    /* Say what the evidence shows: more lines than the program's own one
     * came from elsewhere (a function that prints); one line without the
     * words is the program's, with the wrong errno. */
    ck_assert_msg(newline == NULL || newline[1] == '\0',
                  "`%s` should print one line on stderr saying \"%s\"; it printed %s: "
                  "the lines that are not the program's own come from the functions it "
                  "called, and functions of a library print nothing", cmd, text, one_line(r->err));
    ck_assert_msg(strstr(r->err, text) != NULL,
                  "`%s` should print one line on stderr saying \"%s\" (is errno left as "
                  "the failing call set it?); it printed: %s", cmd, text, one_line(r->err));
}
