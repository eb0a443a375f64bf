/*
 * judge.c: the test runner of a lab: Check in fork mode, one test case per
 * graded test, each in a fresh IPC namespace with its own scratch directory.
 *
 *   $ build/01-create/judge --describe          (the lab and its tests, JSON)
 *   $ build/01-create/judge --run /tmp/built-submission [--only 1.1] [--results FD] [--workers 4]
 *
 * With --results, each test's result goes to descriptor FD as a JSON line
 * when the test ends (results.c). With --workers N, N processes take the
 * tests in turn, the long ones (valgrind, waits on purpose) first. The
 * runner never executes student code: subjects do (subject.c), as another
 * user when we are root. At the container level, where tests share the
 * machine's IPC namespace, worker w runs student code as user and group
 * SHMLABS_SUBJECT_UID + w and SHMLABS_SUBJECT_GID + w and keeps its own
 * ledger, SHMLABS_LEDGER.w: what one worker sweeps after its test is never
 * another's. There the workers are at most SHMLABS_SUBJECT_IDS (default 1),
 * the number of ids from SHMLABS_SUBJECT_UID on that the grader gives the run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdatomic.h>
#include <sys/mman.h>
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
static int test_place;          /* the running test's place in the run, from 1 */
static SRunner *runner;         /* the running test's runner, for its result */
static FILE *results;           /* where each test's result goes (--results) */

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
    snprintf(scratch, sizeof scratch, "%s/test-%d", run_scratch, test_place);
    if (mkdir(scratch, 0755) == -1 || chmod(scratch, 0755) == -1)
        ck_abort_msg("grader: cannot make a scratch directory in %s: %s", run_scratch, strerror(errno));
    atexit(end_of_test);
    char table[700];
    snprintf(table, sizeof table, "%s/ipc-ids", scratch);
    if (!ipcmap_begin_test(table, judge_config.subject_uid, judge_config.subject_gid,
                           judge_config.ledger_fd))
        ck_abort_msg("grader: cannot make the test's table of System V ids: %s", strerror(errno));
}

/* After each test, in the worker that ran it: reports its result at once
 * (a run killed later loses no result), and at the container level ends
 * what the test's processes left running (orphans come to us, a
 * subreaper) and removes the System V objects the test made, even when
 * the test was killed before it could clean up. */
static void after_test_in_run(void)
{
    int n = srunner_ntests_run(runner);
    TestResult **all = srunner_results(runner);
    if (n > 0 && results != NULL) {
        TestResult *last = all[n - 1];
        if (!report_result(results, tr_tcname(last), tr_rtype(last) == CK_PASS, tr_msg(last))) {
            fprintf(stderr, "judge: cannot write the results\n");
            exit(2);
        }
    }
    free(all);
    if (judge_config.shared_ipc) {
        kill_descendants();
        ipcmap_sweep(judge_config.subject_uid, judge_config.ledger_fd, &ledger_swept);
    }
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

/* Opens worker w's ledger of the objects its tests make: the file
 * SHMLABS_LEDGER.w (the grader reads it after the run, in case the run was
 * killed), else a nameless one. Ends the worker when it cannot. */
static int open_ledger(int w)
{
    const char *prefix = getenv("SHMLABS_LEDGER");
    char path[4096];
    snprintf(path, sizeof path, "%s.%d", prefix ? prefix : "", w);
    int fd = prefix && *prefix ? open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600)
                               : open(run_scratch, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd == -1) {
        fprintf(stderr, "judge: cannot open the ledger of System V objects: %s\n", strerror(errno));
        _exit(JUDGE_WORKER_BROKEN);
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
    judge_config.verbose = getenv("SHMLABS_VERBOSE") != NULL;
    judge_config.test = "";
    judge_config.valgrind = access("/usr/bin/valgrind", X_OK) == 0 ? "/usr/bin/valgrind" : NULL;
    /* In a shared namespace the run removes every object of the subjects'
     * user: that user must be the run's own, never a real account. */
    if (judge_config.shared_ipc && (!judge_config.change_user || getenv("SHMLABS_SUBJECT_UID") == NULL)) {
        fprintf(stderr, "judge: the container level needs SHMLABS_SUBJECT_UID, a user id of "
                        "the run's own for student code\n");
        exit(2);
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

/* Runs one test in Check's fork mode, as the place-th of the run; returns
 * true when it passed. */
static bool run_one(const char *lab, const struct graded_test *t, int place)
{
    Suite *suite = suite_create(lab);
    TCase *tc = tcase_create(t->number);
    tcase_add_checked_fixture(tc, per_test_setup, per_test_teardown);
    tcase_add_unchecked_fixture(tc, NULL, after_test_in_run);
    tcase_set_timeout(tc, (t->flags & GT_SLOW) ? 120 : 30);
    tcase_add_test(tc, t->test);
    suite_add_tcase(suite, tc);
    judge_config.test = t->number;
    test_place = place;
    runner = srunner_create(suite);
    srunner_set_fork_status(runner, CK_FORK);
    srunner_run_all(runner, CK_SILENT);
    bool passed = srunner_ntests_failed(runner) == 0;
    srunner_free(runner);
    runner = NULL;
    return passed;
}

/* The tests of a run, in the order a worker takes them: those that take
 * long (valgrind, waits on purpose) first, so that they overlap the rest. */
struct run_plan {
    const struct graded_test *test[JUDGE_MAX_TESTS];
    int place[JUDGE_MAX_TESTS];    /* each one's place in the lab's order, from 1 */
    int count;
};

static void plan_run(struct run_plan *plan, const struct graded_test *tests, size_t count,
                     char **only, int n_only)
{
    plan->count = 0;
    for (int pass = 0; pass < 2; pass++) {
        int place = 0;
        for (size_t i = 0; i < count && plan->count < JUDGE_MAX_TESTS; i++) {
            const struct graded_test *t = &tests[i];
            if (!selected(t, only, n_only) || ((t->flags & GT_OTHER_USER) && !judge_config.change_user))
                continue;
            place++;
            if (((t->flags & GT_SLOW) != 0) == (pass == 0)) {
                plan->test[plan->count] = t;
                plan->place[plan->count++] = place;
            }
        }
    }
}

/* Worker w: takes the plan's next test until none is left (the counter
 * is shared by every worker); exits with the number that failed. */
static void work(const char *lab, const struct run_plan *plan, atomic_int *next, int w)
{
    int failed = 0;
    judge_config.ledger_fd = open_ledger(w);
    if (judge_config.shared_ipc) {
        judge_config.subject_uid += (uid_t) w;      /* see the top of this file */
        judge_config.subject_gid += (gid_t) w;
        if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1) {
            fprintf(stderr, "judge: cannot become a subreaper: %s\n", strerror(errno));
            _exit(JUDGE_WORKER_BROKEN);
        }
    }
    for (int i; (i = atomic_fetch_add(next, 1)) < plan->count;)
        failed += !run_one(lab, plan->test[i], plan->place[i]);
    if (results != NULL && fflush(results) != 0)
        _exit(JUDGE_WORKER_BROKEN);
    _exit(failed < JUDGE_WORKER_BROKEN ? failed : JUDGE_WORKER_BROKEN - 1);
}

/* Runs the plan in `workers` processes at once; returns the number of
 * tests that did not pass (a worker that broke counts every test). */
static int run_workers(const char *lab, const struct run_plan *plan, int workers)
{
    atomic_int *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (next == MAP_FAILED) {
        fprintf(stderr, "judge: cannot share the tests between workers: %s\n", strerror(errno));
        exit(2);
    }
    atomic_init(next, 0);
    int failed = 0, started = 0;
    fflush(NULL);
    for (int w = 0; w < workers; w++) {
        pid_t pid = fork();
        if (pid == 0)
            work(lab, plan, next, w);
        started += pid > 0;
    }
    if (started == 0) {
        fprintf(stderr, "judge: cannot start a worker: %s\n", strerror(errno));
        exit(2);
    }
    for (int status; started > 0 && wait(&status) > 0; started--)
        if (!WIFEXITED(status) || WEXITSTATUS(status) == JUDGE_WORKER_BROKEN)
            failed += plan->count;
        else
            failed += WEXITSTATUS(status);
    munmap(next, sizeof *next);
    return failed;
}

/* Runs the selected tests, in `workers` processes at once; returns the
 * number that did not pass. */
static int run_tests(const char *lab, const struct graded_test *tests, size_t count,
                     char **only, int n_only, int workers)
{
    static struct run_plan plan;
    plan_run(&plan, tests, count, only, n_only);
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
    /* At the container level each worker needs a user id of the run's own. */
    unsigned long ids = id_from_env("SHMLABS_SUBJECT_IDS", 1);
    if (judge_config.shared_ipc && (unsigned long) workers > ids)
        workers = ids > 0 ? (int) ids : 1;
    if (workers > plan.count)
        workers = plan.count == 0 ? 1 : plan.count;
    int failed = run_workers(lab, &plan, workers);
    remove_tree(run_scratch, 1);
    return failed;
}

static int usage(const char *prog)
{
    fprintf(stderr, "usage: %s --describe\n"
                    "       %s --run DIR [--only NUMBER]... [--results FD] [--workers N]\n"
                    "Describes this lab's tests as JSON, or runs them against the subject and\n"
                    "programs built in DIR, writing one JSON line per result to descriptor FD,\n"
                    "N tests at once (default 1; at SHMLABS_ISOLATION=container, at most SHMLABS_SUBJECT_IDS,\n"
                    "worker w running student code as SHMLABS_SUBJECT_UID + w and noting its objects in\n"
                    "SHMLABS_LEDGER.w).\n",
            prog, prog);
    return 2;
}

/* The results stream on descriptor `text`, which no process we start may
 * inherit; NULL (with a message) when it is not an open descriptor. */
static FILE *open_results(const char *text)
{
    char *end;
    long fd = strtol(text, &end, 10);
    FILE *f = NULL;
    /* Workers write to it at once: each line goes in one write, at the end. */
    if (*text && !*end && fd > 2 && fd < 1024 && fcntl((int) fd, F_SETFD, FD_CLOEXEC) == 0 &&
        fcntl((int) fd, F_SETFL, fcntl((int) fd, F_GETFL) | O_APPEND) == 0)
        f = fdopen((int) fd, "a");
    if (f != NULL && setvbuf(f, NULL, _IOFBF, RESULT_LINE_MAX) != 0) {
        fclose(f);
        f = NULL;
    }
    if (f == NULL)
        fprintf(stderr, "judge: --results %s is not an open descriptor\n", text);
    return f;
}

int judge_main(int argc, char **argv, const struct judge_lab *lab,
               const struct graded_test *tests, size_t count)
{
    judge_student_file = lab->student_file;
    if (argc == 2 && strcmp(argv[1], "--describe") == 0) {
        describe_tests(stdout, lab, tests, count);
        return fflush(stdout) == 0 ? 0 : 2;
    }
    if (argc < 3 || strcmp(argv[1], "--run") != 0)
        return usage(argv[0]);

    char *only[64];
    int n_only = 0, workers = 1;
    judge_config.results_fd = -1;
    for (int i = 3; i < argc; i += 2) {
        if (i + 1 >= argc)
            return usage(argv[0]);
        if (strcmp(argv[i], "--results") == 0) {
            if ((results = open_results(argv[i + 1])) == NULL)
                return 2;
            judge_config.results_fd = fileno(results);
        } else if (strcmp(argv[i], "--workers") == 0) {
            char *end;
            long n = strtol(argv[i + 1], &end, 10);
            if (*end || n < 1 || n > JUDGE_MAX_WORKERS)
                return usage(argv[0]);
            workers = (int) n;
        } else if (strcmp(argv[i], "--only") == 0 && n_only < 64) {
            only[n_only++] = argv[i + 1];
        } else {
            return usage(argv[0]);
        }
    }
    configure(argv[2]);
    /* No process of student code may read our memory or descriptors. */
    if (prctl(PR_SET_DUMPABLE, 0) == -1) {
        fprintf(stderr, "judge: cannot make itself undumpable: %s\n", strerror(errno));
        return 2;
    }
    return run_tests(lab->name, tests, count, only, n_only, workers) == 0 ? 0 : 1;
}
