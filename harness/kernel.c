/*
 * kernel.c: the kernel's view of a test's IPC namespace, from the test
 * process, and small formatting helpers for failure messages.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include "ipcmap.h"
#include "judge.h"
#include "judge_internal.h"

key_t test_key(int n)
{
    return (key_t) (0x4c000000 + n);
}

const char *key_file(const char *name)
{
    static char paths[8][512];
    static int next;
    char *path = paths[next++ % 8];

    snprintf(path, sizeof paths[0], "%s/%s", judge_scratch_dir(), name);
    int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    ck_assert_msg(fd != -1, "the test could not create %s: %s", path, strerror(errno));
    close(fd);
    return path;
}

int make_segment(key_t key, size_t size, int mode)
{
    int id = shmget(key, size, IPC_CREAT | IPC_EXCL | mode);
    ck_assert_msg(id != -1, "the test could not create its own segment: %s", strerror(errno));
    return id;
}

int make_semset(key_t key, int nsems, int mode)
{
    int id = semget(key, nsems, IPC_CREAT | IPC_EXCL | mode);
    ck_assert_msg(id != -1, "the test could not create its own semaphore set: %s", strerror(errno));
    return id;
}

FILE *open_proc_of(pid_t pid, const char *file)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int) pid, file);
    FILE *f = fopen(path, "re");
    if (f != NULL || errno != EACCES || !judge_config.change_user)
        return f;
    /* /proc checks the file system ids against the process's own */
    uid_t uid = (uid_t) setfsuid(judge_config.subject_uid);
    gid_t gid = (gid_t) setfsgid(judge_config.subject_gid);
    f = fopen(path, "re");
    int saved = errno;
    setfsgid(gid);
    setfsuid(uid);
    errno = saved;
    return f;
}

bool judge_has_other_user(void)
{
    return judge_config.change_user;
}

/* Counts the test's own objects of a kind (the kernel's table may hold
 * others' where the test shares a namespace: ipcmap.h). */
static int count_own(enum ipcmap_kind kind)
{
    FILE *f = ipcmap_open_rows(kind);
    struct ipcmap_row row;
    int n = 0;
    ck_assert_msg(f != NULL, "the test could not read the kernel's table of %s: %s",
                  kind == IPCMAP_SHM ? "segments" : "semaphore sets", strerror(errno));
    while (ipcmap_next_row(f, kind, &row))
        n += ipcmap_is_ours(kind, row.id, row.cuid);
    fclose(f);
    return n;
}

/* Writes `value` to the namespace's sysctl kernel.shmall; false on failure. */
static bool set_shmall(unsigned long long value)
{
    FILE *f = fopen("/proc/sys/kernel/shmall", "w");
    if (f == NULL)
        return false;
    bool ok = fprintf(f, "%llu\n", value) > 0;
    return fclose(f) == 0 && ok;
}

unsigned long long shmall_raise(size_t bytes)
{
    unsigned long long before = 0;
    FILE *f;

    if (judge_config.shared_ipc || (f = fopen("/proc/sys/kernel/shmall", "r")) == NULL)
        return 0;
    bool got = fscanf(f, "%llu", &before) == 1;
    fclose(f);
    if (!got || before == 0 || !set_shmall(before + bytes / (size_t) sysconf(_SC_PAGESIZE) + 1))
        return 0;
    return before;
}

void shmall_restore(unsigned long long before)
{
    if (before != 0)
        ck_assert_msg(set_shmall(before), "the test could not put shmall back to %llu", before);
}

int count_segments(void)
{
    return count_own(IPCMAP_SHM);
}

int count_semsets(void)
{
    return count_own(IPCMAP_SEM);
}

/* Appends "segment key 0x... id N mode 0600 size N" for each of the test's
 * own objects of a kind, with the ids and keys its processes see. */
static size_t describe_own(enum ipcmap_kind kind, char *buf, size_t size, size_t used)
{
    FILE *f = ipcmap_open_rows(kind);
    struct ipcmap_row row;
    if (f == NULL)
        return used;
    while (ipcmap_next_row(f, kind, &row) && used < size) {
        if (!ipcmap_is_ours(kind, row.id, row.cuid))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s key 0x%x id %d mode %04o %s %lld",
                         used ? "; " : "", kind == IPCMAP_SHM ? "segment" : "semaphore set",
                         (unsigned) ipcmap_virtual_key(row.key), ipcmap_virtual_id(kind, row.id),
                         row.mode & 0777, kind == IPCMAP_SHM ? "size" : "nsems", row.size);
        used += n > 0 ? (size_t) n : 0;
    }
    fclose(f);
    return used < size ? used : size - 1;
}

const char *describe_ipc(void)
{
    static char buf[1024];
    size_t used = describe_own(IPCMAP_SHM, buf, sizeof buf, 0);
    used = describe_own(IPCMAP_SEM, buf, sizeof buf, used);
    if (used == 0)
        snprintf(buf, sizeof buf, "no segment and no semaphore set");
    return buf;
}

bool segment_stat(int shmid, struct shmid_ds *ds)
{
    return shmctl(shmid, IPC_STAT, ds) == 0;
}

struct shmid_ds stat_segment(int shmid)
{
    struct shmid_ds ds;

    if (!segment_stat(shmid, &ds)) {
        int err = errno;
        ck_abort_msg("the test could not read segment %d (IPC_STAT failed with %s); the "
                     "namespace holds: %s", shmid, errname(err), describe_ipc());
    }
    return ds;
}

enum { AWAIT_MS = 3000, AWAIT_TICK_MS = 2 };

static void pause_tick(void)
{
    struct timespec tick = { 0, AWAIT_TICK_MS * 1000L * 1000L };
    nanosleep(&tick, NULL);
}

int await_nattch(int shmid, int want)
{
    long long deadline = now_ms() + AWAIT_MS;
    struct shmid_ds ds;

    for (;;) {
        if (!segment_stat(shmid, &ds))
            ck_abort_msg("segment %d was destroyed while the test waited for its attach "
                         "count to become %d (%s)", shmid, want, describe_ipc());
        if ((int) ds.shm_nattch == want || now_ms() >= deadline)
            return (int) ds.shm_nattch;
        pause_tick();
    }
}

bool await_destroyed(int shmid)
{
    long long deadline = now_ms() + AWAIT_MS;
    struct shmid_ds ds;

    while (segment_stat(shmid, &ds)) {
        if (now_ms() >= deadline)
            return false;
        pause_tick();
    }
    return true;
}

const char *errname(int err)
{
    static char buf[4][32];
    static int next;
    if (err == 0)
        return "0";
    const char *name = strerrorname_np(err);
    if (name != NULL)
        return name;
    char *b = buf[next++ % 4];
    snprintf(b, sizeof buf[0], "errno %d", err);
    return b;
}

const char *octal(int mode)
{
    static char buf[8][16];
    static int next;
    char *b = buf[next++ % 8];
    snprintf(b, sizeof buf[0], "%#o", (unsigned) mode);
    return b;
}

const char *fmt(const char *format, ...)
{
    static char bufs[8][256];
    static int next;
    char *b = bufs[next++ % 8];
    va_list ap;

    va_start(ap, format);
    vsnprintf(b, sizeof bufs[0], format, ap);
    va_end(ap);
    return b;
}

const char *one_line(const char *text)
{
    enum { CUT = 300 };
    static char bufs[4][CUT + 16];   /* room for a last " | " and " ..." */
    static int next;
    char *b = bufs[next++ % 4];
    const char *p = text;
    size_t n = 0;

    for (; *p != '\0' && n < CUT; p++) {
        if (*p != '\n') {
            b[n++] = *p;
        } else if (p[1] != '\0') {
            memcpy(b + n, " | ", 3);
            n += 3;
        }
    }
    if (*p != '\0' && strcmp(p, "\n") != 0) {
        memcpy(b + n, " ...", 4);
        n += 4;
    }
    b[n] = '\0';
    return n > 0 ? b : "(nothing)";
}

/* ------------------------------------------------------------------------
 * Diagnoses from the evidence (judge.h, "Diagnoses")
 * --------------------------------------------------------------------- */

void require_failed(const struct outcome *o, const char *call, int want,
                    const char *syscall, const char *hint)
{
    require_returned(o);
    if (o->ret != -1 && o->err == want)
        ck_abort_msg("%s returned %lld while errno is %s, the error expected: %s failed "
                     "as it should, and a failure turned into a success value? Is %s's "
                     "result checked? Only -1 reports a failure", call, (long long) o->ret,
                     errname(want), syscall, syscall);
    if (o->ret != -1 && o->err != 0)
        ck_abort_msg("%s returned %lld while errno is %s; expected -1 with errno %s: a "
                     "failure turned into a success value?", call, (long long) o->ret,
                     errname(o->err), errname(want));
    if (o->ret == -1 && o->err == 0)
        ck_abort_msg("%s returned -1 with errno left 0, expected errno %s: %s sets errno "
                     "when it fails, so either it was never called (a check of your own "
                     "returned -1 before calling %s: it judges its arguments itself) or errno "
                     "was reset or restored after it failed",
                     call, errname(want), syscall, syscall);
    require_failure(o, call, want, hint);
}

void require_step(const struct outcome *o, const char *call, bool ok,
                  const char *expected, const char *see)
{
    if (!o->returned)
        ck_abort_msg("not reached: the scenario stopped at %s, which did not return (%s); "
                     "see %s", call, o->how, see);
    if (!ok)
        ck_abort_msg("not reached: the scenario stopped at %s, which returned %lld "
                     "(errno %s) where %s was expected; see %s",
                     call, (long long) o->ret, errname(o->err), expected, see);
}

const char *finish_reading_output(struct subject *s)
{
    static char text[2048];
    subject_finish(s);          /* exit flushes what stdio still holds */
    subject_output(s, text, sizeof text);
    return text;
}

void require_printed_nothing(struct subject *s, const char *functions)
{
    const char *printed = finish_reading_output(s);

    ck_assert_msg(printed[0] == '\0',
                  "%s printed \"%s\" on stdout or stderr: functions of a library print nothing "
                  "(labs.md), not even on failure; they return -1 with errno set, and the "
                  "caller (a program such as the lab's driver) decides what to tell the user. "
                  "Is there a perror or printf left in them?", functions, one_line(printed));
}

void require_step_failure(const struct outcome *o, const char *call, int want, const char *see)
{
    require_step(o, call, o->ret == -1 && o->err == want,
                 fmt("-1 with errno %s", errname(want)), see);
}
