/*
 * spawn.c: starting student code (subjects and lab programs) without
 * privileges and within limits.
 *
 * The test runner may be root (the grader's sandbox on a grading server) or
 * the root of a user namespace. Student code gets neither: it runs as
 * judge_config.subject_uid when that differs from ours, and in every case
 * with no capabilities, no way to regain them through execve, and the
 * resource limits below. It dies when the test that started it dies.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crash.h"
#include "ipcmap.h"
#include "judge_internal.h"

#ifndef SECBIT_NOROOT
#define SECBIT_NOROOT                 (1 << 0)
#define SECBIT_NOROOT_LOCKED          (1 << 1)
#define SECBIT_NO_SETUID_FIXUP        (1 << 2)
#define SECBIT_NO_SETUID_FIXUP_LOCKED (1 << 3)
#endif

/* Sets one resource limit; failure to lower a limit is fatal. */
static void set_limit(int resource, rlim_t value)
{
    struct rlimit rl = { value, value };
    if (setrlimit(resource, &rl) == -1)
        _exit(126);
}

/* True when this process holds any capability that it could give up. */
static bool holds_capabilities(void)
{
    struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &head, data) == -1)
        _exit(126);
    return data[0].permitted || data[1].permitted;
}

/* Gives up every capability for good: also the ones execve would grant uid 0.
 * Each step must work (a process with nothing to give up has nothing to
 * lock either: a test runner started by hand, unprivileged). */
static void drop_capabilities(void)
{
    struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];

    if (holds_capabilities()) {
        if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
                                     SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED) == -1)
            _exit(126);
        for (int cap = 0; cap <= 63; cap++)
            if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1 && errno != EINVAL)
                _exit(126);                 /* EINVAL: past the kernel's last capability */
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1)
            _exit(126);
    }
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &head, data) == -1)
        _exit(126);
}

/* Becomes the subject's user, or stays ourselves without capabilities. */
static void become_unprivileged(void)
{
    if (judge_config.change_user) {
        if (setgroups(0, NULL) == -1 ||
            setresgid(judge_config.subject_gid, judge_config.subject_gid,
                      judge_config.subject_gid) == -1 ||
            setresuid(judge_config.subject_uid, judge_config.subject_uid,
                      judge_config.subject_uid) == -1)
            _exit(126);
    }
    drop_capabilities();
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
        _exit(126);
}

/* Moves fd to number `to` (or /dev/null there when fd is -1). */
static void place_fd(int fd, int to)
{
    if (fd == -1) {
        fd = open("/dev/null", O_RDWR);
        if (fd == -1)
            _exit(126);
    }
    if (fd != to && dup2(fd, to) == -1)
        _exit(126);
}

/* In the child: the fd plan, credentials and limits, then execve. */
static void child_exec(const char *const argv[], const struct spawn_fds *fds,
                       bool under_valgrind, pid_t parent)
{
    int plan[6] = { fds->in, fds->out, fds->err,
                    fds->extra[0], fds->extra[1], fds->extra[2] };
    int moved[6];

    /* dup everything above 6 first so that no placement overwrites another */
    for (int i = 0; i < 6; i++)
        moved[i] = plan[i] == -1 ? -1 : fcntl(plan[i], F_DUPFD, 10);
    for (int i = 0; i < 6; i++) {
        if (i < 3 || moved[i] != -1)
            place_fd(moved[i], i);
        else
            close(i);
    }
    /* the only thing between student code and the test's descriptors */
    if (syscall(SYS_close_range, 6U, ~0U, 0U) == -1) {
        for (int fd = 6; fd < LIMIT_FILES_BEFORE; fd++)
            if (close(fd) == -1 && errno != EBADF)
                _exit(126);
    }

    /* Where memory runs short (a grading container's limit), the kernel's
     * OOM killer takes student code first, not the grader. Raising one's own
     * score needs no privilege; where /proc forbids it, nothing changes. */
    int oom = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (oom != -1) {
        ssize_t written = write(oom, "1000", 4);
        (void) written;
        close(oom);
    }
    become_unprivileged();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
        _exit(126);
    set_limit(RLIMIT_CPU, LIMIT_CPU_S);
    set_limit(RLIMIT_NPROC, LIMIT_PROCS);
    set_limit(RLIMIT_NOFILE, LIMIT_FILES);
    set_limit(RLIMIT_FSIZE, LIMIT_FILE_SIZE);
    set_limit(RLIMIT_CORE, 0);
    if (!under_valgrind)
        set_limit(RLIMIT_AS, LIMIT_MEMORY);
    signal(SIGPIPE, SIG_DFL);

    /* Descriptor 5 natively is the crash record (crash.h); under valgrind
     * it is valgrind's log and valgrind reports crashes itself. The test's
     * table of System V ids (ipcmap.h) comes last: NULL where there is none. */
    const char *envp[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", NULL, NULL, NULL };
    size_t n_env = 2;
    if (!under_valgrind && fds->extra[2] != -1)
        envp[n_env++] = CRASH_ENV_SETTING;
    envp[n_env] = ipcmap_environment();
    execve(argv[0], (char *const *) (uintptr_t) argv, (char *const *) (uintptr_t) envp);
    _exit(127);
}

pid_t spawn_unprivileged(const char *const argv[], const struct spawn_fds *fds,
                         bool under_valgrind)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
        child_exec(argv, fds, under_valgrind, parent);
    return pid;
}

void describe_status(int status, char *buf, size_t size)
{
    if (WIFEXITED(status)) {
        snprintf(buf, size, "the process exited with status %d", WEXITSTATUS(status));
        return;
    }
    int sig = WTERMSIG(status);
    char limit[96] = "";
    const char *why = crash_meaning(sig);
    switch (sig) {
    case SIGXCPU:
        snprintf(limit, sizeof limit, " (more than %d s of CPU time: a loop that never ends?)", LIMIT_CPU_S);
        why = limit;
        break;
    case SIGXFSZ:
        snprintf(limit, sizeof limit, " (it wrote more than %d KiB to a file or its output)",
                 LIMIT_FILE_SIZE / 1024);
        why = limit;
        break;
    case SIGKILL: why = " (killed: over a limit, or the test stopped it)"; break;
    default: break;
    }
    snprintf(buf, size, "the process was killed by SIG%s%s", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", why);
}

long process_cpu_ms(pid_t pid)
{
    char path[64], buf[1024];
    unsigned long utime = 0, stime = 0;

    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *after_name = strrchr(buf, ')');
    if (after_name == NULL ||
        sscanf(after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
               &utime, &stime) != 2)
        return -1;
    return (long) ((utime + stime) * 1000 / (unsigned long) sysconf(_SC_CLK_TCK));
}

long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool wait_with_timeout(pid_t pid, int timeout_ms, int *status, long *maxrss_kb)
{
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        struct rusage usage;
        pid_t got = wait4(pid, status, WNOHANG, &usage);
        if (got == pid) {
            if (maxrss_kb != NULL)
                *maxrss_kb = usage.ru_maxrss;
            return true;
        }
        if (got == -1 && errno != EINTR) {      /* reaped already: nothing more to know */
            *status = 0;
            if (maxrss_kb != NULL)
                *maxrss_kb = 0;
            return true;
        }
        if (now_ms() >= deadline)
            return false;
        struct timespec pause_for = { 0, 2 * 1000 * 1000 };
        nanosleep(&pause_for, NULL);
    }
}

int open_capture_file(void)
{
    int fd = open(judge_scratch_dir(), O_TMPFILE | O_RDWR, 0600);
    if (fd == -1) {
        perror("judge: O_TMPFILE");
        exit(1);
    }
    return fd;
}

void read_capture(int fd, char *buf, size_t size)
{
    ssize_t got = pread(fd, buf, size - 1, 0);
    buf[got > 0 ? got : 0] = '\0';
}
