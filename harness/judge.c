/*
 * judge.c: the test runner of a lab: Check in fork mode, one test case per
 * graded test, each in a fresh IPC namespace with its own scratch directory.
 *
 *   $ build/01-create/judge --list
 *   1.1	2	-	test_create_exact_size	makes a segment of exactly the size asked for
 *   $ build/01-create/judge --run /tmp/built-submission [--only 1.1] [--tap FILE]
 *
 * With --tap, Check also writes its results as TAP to FILE (the grader passes
 * /dev/fd/N, a file only this process holds); its usual report goes to
 * stdout. The runner never executes student code: subjects do (subject.c),
 * as another user when we are root.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ipcmap.h"
#include "judge.h"
#include "judge_internal.h"

#define NOBODY 65534

struct judge_config judge_config;
static char run_scratch[512];   /* this run's directory; each test's is inside */
static char scratch[600];
static off_t ledger_swept;      /* how much of the ledger the run has acted on */
static int tests_started;       /* counted in the run's process, before each test */

const char *judge_scratch_dir(void)
{
    return scratch;
}

/* Kills every process the test started, including ones that left their
 * session or parent: as a child subreaper the test inherits them. */
static void kill_descendants(void)
{
    char path[64];
    for (int round = 0; round < 100; round++) {
        snprintf(path, sizeof path, "/proc/self/task/%d/children", (int) getpid());
        FILE *f = fopen(path, "r");
        int pid, killed = 0;
        if (f == NULL)
            return;
        while (fscanf(f, "%d", &pid) == 1) {
            kill(pid, SIGKILL);
            killed++;
        }
        fclose(f);
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        if (killed == 0)
            return;
        struct timespec pause_for = { 0, 1000 * 1000 };
        nanosleep(&pause_for, NULL);
    }
}

/* Removes a directory and what is in it, two levels deep (a test's files). */
static void remove_tree(const char *path, int depth)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char inner[1200];
    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(inner, sizeof inner, "%s/%s", path, e->d_name);
        if (unlink(inner) == -1 && depth > 0)
            remove_tree(inner, depth - 1);
    }
    closedir(d);
    rmdir(path);
}

static void remove_scratch(void)
{
    remove_tree(scratch, 0);
}

/* Runs when the test process ends, passed or failed (Check exits on failure). */
static void end_of_test(void)
{
    kill_descendants();
    remove_scratch();
}

/* Writes a sysctl of the test's IPC namespace; returns false when it cannot. */
static bool set_ipc_limit(const char *name, const char *value)
{
    char path[128];
    snprintf(path, sizeof path, "/proc/sys/kernel/%s", name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return false;
    bool ok = fputs(value, f) >= 0;
    return fclose(f) == 0 && ok;
}

/* Before each test, in its own process: a private IPC namespace (except at
 * the container level), a scratch directory, the test's table of System V
 * ids (ipcmap.h), and the right to reap whatever the test's subjects leave. */
static void per_test_setup(void)
{
    if (!judge_config.shared_ipc) {
        if (unshare(CLONE_NEWIPC) == -1)
            ck_abort_msg("grader: cannot make a private IPC namespace (%s): run the tests "
                         "through grader/grade, which sets up the sandbox", strerror(errno));
        /* Bound what student code can pile up in it: 256 segments holding at most
         * 128 MiB, 256 semaphore sets. Plenty for every test, harmless when abused. */
        if (!set_ipc_limit("shmmni", "256") || !set_ipc_limit("shmall", "32768") ||
            !set_ipc_limit("sem", "32000 64000 500 256"))
            ck_abort_msg("grader: cannot set the IPC limits of the test's namespace: %s", strerror(errno));
    }
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
        ck_abort_msg("grader: cannot become the reaper of the test's processes: %s", strerror(errno));
    /* named by the test's place in the run, so that messages quoting its
     * files are the same from run to run */
    snprintf(scratch, sizeof scratch, "%s/test-%d", run_scratch, tests_started);
    if (mkdir(scratch, 0755) == -1 || chmod(scratch, 0755) == -1)
        ck_abort_msg("grader: cannot make a scratch directory in %s: %s", run_scratch, strerror(errno));
    atexit(end_of_test);
    char table[700];
    snprintf(table, sizeof table, "%s/ipc-ids", scratch);
    if (!ipcmap_begin_test(table, judge_config.subject_uid, judge_config.subject_gid,
                           judge_config.ledger_fd))
        ck_abort_msg("grader: cannot make the test's table of System V ids: %s", strerror(errno));
}

/* Before each test, in the run's own process: counts it. */
static void before_test_in_run(void)
{
    tests_started++;
}

/* After each test, in the run's own process, at the container level: ends
 * what the test's processes left running (orphans come to us, a subreaper)
 * and removes the System V objects the test made, even when the test was
 * killed before it could clean up. */
static void after_test_in_shared_namespace(void)
{
    kill_descendants();
    ipcmap_sweep(judge_config.subject_uid, judge_config.ledger_fd, &ledger_swept);
}

/* After a test that passed; one that failed ends through exit(), and so
 * through the atexit handler. Running it twice does no harm. */
static void per_test_teardown(void)
{
    end_of_test();
}

/* Reads an id from the environment, or returns the fallback. */
static unsigned long id_from_env(const char *name, unsigned long fallback)
{
    const char *v = getenv(name);
    return v && *v ? strtoul(v, NULL, 10) : fallback;
}

/* Opens the ledger of the objects tests make: the file SHMLABS_LEDGER
 * names (the grader reads it when the run was killed), else a nameless one. */
static int open_ledger(void)
{
    const char *path = getenv("SHMLABS_LEDGER");
    int fd = path && *path ? open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600)
                           : open(run_scratch, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd == -1) {
        fprintf(stderr, "judge: cannot open the ledger of System V objects: %s\n", strerror(errno));
        exit(2);
    }
    return fd;
}

/* Fills judge_config for a run against the programs in dir. */
static void configure(const char *dir)
{
    static char run_dir[4096];
    uid_t me = geteuid();
    const char *level = getenv("SHMLABS_ISOLATION");

    if (realpath(dir, run_dir) == NULL) {
        fprintf(stderr, "judge: %s: %s\n", dir, strerror(errno));
        exit(2);
    }
    judge_config.run_dir = run_dir;
    judge_config.subject_uid = (uid_t) id_from_env("SHMLABS_SUBJECT_UID", me == 0 ? NOBODY : me);
    judge_config.subject_gid = (gid_t) id_from_env("SHMLABS_SUBJECT_GID", me == 0 ? NOBODY : getegid());
    judge_config.change_user = judge_config.subject_uid != me;
    judge_config.shared_ipc = level != NULL && strcmp(level, "container") == 0;
    judge_config.valgrind = access("/usr/bin/valgrind", X_OK) == 0 ? "/usr/bin/valgrind" : NULL;
    /* In a shared namespace the run removes every object of the subjects'
     * user: that user must be the run's own, never a real account. */
    if (judge_config.shared_ipc && (!judge_config.change_user || getenv("SHMLABS_SUBJECT_UID") == NULL)) {
        fprintf(stderr, "judge: the container level needs SHMLABS_SUBJECT_UID, a user id of "
                        "the run's own for student code\n");
        exit(2);
    }
}

/* Prints the table of tests, one per line, tab-separated. */
static void list_tests(const struct graded_test *tests, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const struct graded_test *t = &tests[i];
        const char *flags = (t->flags & GT_OTHER_USER) && (t->flags & GT_SLOW) ? "other-user,slow"
                          : (t->flags & GT_OTHER_USER) ? "other-user"
                          : (t->flags & GT_SLOW) ? "slow" : "-";
        printf("%s\t%d\t%s\t%s\t%s\n", t->number, t->points, flags, t->test->name, t->title);
    }
}

/* True when the test is one the command line asked for. */
static bool selected(const struct graded_test *t, char **only, int n_only)
{
    if (n_only == 0)
        return true;
    for (int i = 0; i < n_only; i++)
        if (strcmp(only[i], t->number) == 0 || strcmp(only[i], t->test->name) == 0)
            return true;
    return false;
}

/* Runs the selected tests; returns the number that did not pass. */
static int run_tests(const char *lab, const struct graded_test *tests, size_t count,
                     char **only, int n_only, const char *tap)
{
    Suite *suite = suite_create(lab);
    for (size_t i = 0; i < count; i++) {
        const struct graded_test *t = &tests[i];
        if (!selected(t, only, n_only))
            continue;
        if ((t->flags & GT_OTHER_USER) && !judge_config.change_user)
            continue;
        TCase *tc = tcase_create(t->number);
        tcase_add_checked_fixture(tc, per_test_setup, per_test_teardown);
        tcase_add_unchecked_fixture(tc, before_test_in_run,
                                    judge_config.shared_ipc ? after_test_in_shared_namespace : NULL);
        tcase_set_timeout(tc, (t->flags & GT_SLOW) ? 120 : 30);
        tcase_add_test(tc, t->test);
        suite_add_tcase(suite, tc);
    }
    /* A failed test ends at once (Check's fork mode), so the run, not the
     * test, removes the scratch directories afterwards. */
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    /* The grader gives each run a temporary folder of its own (and says so
     * with SHMLABS_ISOLATION): there the run's folder has a fixed name, so
     * that messages are the same from run to run. */
    bool private_tmp = getenv("SHMLABS_ISOLATION") != NULL;
    snprintf(run_scratch, sizeof run_scratch, private_tmp ? "%s/judge" : "%s/judge-XXXXXX", tmp);
    if ((private_tmp ? (mkdir(run_scratch, 0755) == -1 ? NULL : run_scratch) : mkdtemp(run_scratch)) == NULL ||
        chmod(run_scratch, 0755) == -1) {
        fprintf(stderr, "judge: cannot make a directory in %s: %s\n", tmp, strerror(errno));
        exit(2);
    }
    judge_config.ledger_fd = open_ledger();
    if (judge_config.shared_ipc && prctl(PR_SET_CHILD_SUBREAPER, 1) == -1) {
        fprintf(stderr, "judge: cannot become a subreaper: %s\n", strerror(errno));
        exit(2);
    }
    SRunner *sr = srunner_create(suite);
    srunner_set_fork_status(sr, CK_FORK);
    if (tap != NULL)
        srunner_set_tap(sr, tap);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    remove_tree(run_scratch, 1);
    return failed;
}

static int usage(const char *prog)
{
    fprintf(stderr, "usage: %s --list\n"
                    "       %s --run DIR [--only NUMBER]... [--tap FILE]\n"
                    "Runs this lab's tests against the subject and programs built in DIR.\n",
            prog, prog);
    return 2;
}

int judge_main(int argc, char **argv, const char *lab, const char *student_file,
               const struct graded_test *tests, size_t count)
{
    judge_student_file = student_file;
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        list_tests(tests, count);
        return 0;
    }
    if (argc < 3 || strcmp(argv[1], "--run") != 0)
        return usage(argv[0]);

    char *only[64];
    const char *tap = NULL;
    int n_only = 0;
    for (int i = 3; i < argc; i += 2) {
        if (i + 1 >= argc)
            return usage(argv[0]);
        if (strcmp(argv[i], "--tap") == 0)
            tap = argv[i + 1];
        else if (strcmp(argv[i], "--only") == 0 && n_only < 64)
            only[n_only++] = argv[i + 1];
        else
            return usage(argv[0]);
    }
    configure(argv[2]);
    /* No process of student code may read our memory or descriptors. */
    prctl(PR_SET_DUMPABLE, 0);
    return run_tests(lab, tests, count, only, n_only, tap) == 0 ? 0 : 1;
}
