/*
 * ipcmap.c: virtual System V ids and keys for a test's processes (see
 * ipcmap.h), and the clean-up of a test's objects in a shared namespace.
 *
 * The table is a small file that every process of the test maps. Virtual id
 * i of a kind is slot i; a slot holds the kernel's id plus one (0: free).
 * Slots are claimed in order with compare-and-swap, never freed, so a lookup
 * stops at the first free slot and two processes that meet the same object
 * at once agree on its id without a lock that a killed process could hold.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipcmap.h"

enum { SLOTS = 4096, MAX_CREATED = 1024 };
#define TABLE_MAGIC 0x49504d32u   /* "IPM2" */
#define FTOK_MARK   0x005a0000u   /* the middle byte of every key ftok gives: 'Z' */

struct table {
    uint32_t magic;
    uint32_t salt;
    _Atomic uint32_t slot[2][SLOTS];
    _Atomic uint32_t file[SLOTS];       /* ftok's file part (dev, inode) + 1 of file i */
};

/* semctl's fourth argument (the caller defines it, says semctl(2)). */
union ipcmap_semun {
    int              val;
    struct semid_ds *buf;
    unsigned short  *array;
    struct seminfo  *info;
};

static struct table *mapped;        /* NULL: pass every call through */
static bool trusted;                /* this is the test process */
static uid_t subjects_uid;          /* objects this user made are the test's */
static int ledger = -1;
static char environment[640];
static struct { int n; int id[MAX_CREATED]; } created[2];   /* by this process */

/* The call log of the test process (results.c, linked into judges only:
 * weak, so that subjects and programs link without it). The lead moves the
 * declaration to judge_internal.h. */
void report_fixture(const char *call, const char *expression, const int64_t values[],
                    int n_values, int64_t ret, int err) __attribute__((weak));

/* Logs a System V call of the test process itself (a fixture, or a change
 * it makes to the test's objects) with the values the test's processes
 * see; expression is its C, ARG(i) standing for values[i]. */
static void log_fixture(const char *call, const char *expression, const int64_t values[],
                        int n_values, int64_t ret)
{
    if (trusted && report_fixture != NULL)
        report_fixture(call, expression, values, n_values, ret, ret == -1 ? errno : 0);
}

/* log_fixture for an expression with more written into it (flags in octal,
 * a semop's operations): `format` is printf's, its result the expression. */
static void log_fixture_text(const char *call, const int64_t values[], int n_values, int64_t ret,
                             const char *format, ...) __attribute__((format(printf, 5, 6)));
static void log_fixture_text(const char *call, const int64_t values[], int n_values, int64_t ret,
                             const char *format, ...)
{
    char expression[512];
    va_list ap;
    if (!trusted || report_fixture == NULL)
        return;
    int saved = errno;
    va_start(ap, format);
    vsnprintf(expression, sizeof expression, format, ap);
    va_end(ap);
    errno = saved;
    log_fixture(call, expression, values, n_values, ret);
}

/* The same for a call on object `id` (ARG(0)). */
#define LOG_ON(call, id, ret, ...) \
    log_fixture_text((call), (const int64_t[]){ (id) }, 1, (ret), __VA_ARGS__)

/* The real functions, and the wrappers the linker puts in their place. */
key_t __real_ftok(const char *path, int proj_id);
key_t __wrap_ftok(const char *path, int proj_id);
int   __real_shmget(key_t key, size_t size, int flags);
void *__real_shmat(int shmid, const void *addr, int flags);
int   __real_shmctl(int shmid, int cmd, struct shmid_ds *buf);
int   __real_semget(key_t key, int nsems, int flags);
int   __real_semop(int semid, struct sembuf *sops, size_t nsops);
int   __real_semtimedop(int semid, struct sembuf *sops, size_t nsops, const struct timespec *timeout);
int   __real_semctl(int semid, int semnum, int cmd, ...);
int   __wrap_shmget(key_t key, size_t size, int flags);
void *__wrap_shmat(int shmid, const void *addr, int flags);
int   __wrap_shmctl(int shmid, int cmd, struct shmid_ds *buf);
int   __wrap_semget(key_t key, int nsems, int flags);
int   __wrap_semop(int semid, struct sembuf *sops, size_t nsops);
int   __wrap_semtimedop(int semid, struct sembuf *sops, size_t nsops, const struct timespec *timeout);
int   __wrap_semctl(int semid, int semnum, int cmd, ...);

/* Before main, in every process started with IPCMAP_ENV: maps the table.
 * A process that should have one and cannot map it stops at once, so that
 * no call ever runs with ids that disagree with the test's. */
__attribute__((constructor)) static void map_from_environment(void)
{
    const char *path = getenv(IPCMAP_ENV);
    if (path == NULL || *path == '\0')
        return;
    int saved = errno;
    int fd = open(path, O_RDWR | O_CLOEXEC);
    void *p = fd == -1 ? MAP_FAILED
                       : mmap(NULL, sizeof(struct table), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (fd != -1)
        close(fd);
    if (p == MAP_FAILED || ((struct table *) p)->magic != TABLE_MAGIC) {
        static const char msg[] = "cannot map the test's table of System V ids\n";
        (void) !write(STDERR_FILENO, msg, sizeof msg - 1);
        _exit(125);
    }
    mapped = p;
    errno = saved;
}

key_t ipcmap_real_key(key_t key)
{
    if (mapped == NULL || key == IPC_PRIVATE || (uint32_t) key == mapped->salt)
        return key;        /* the one key whose XOR would be IPC_PRIVATE keeps itself */
    return (key_t) ((uint32_t) key ^ mapped->salt);
}

key_t ipcmap_virtual_key(key_t real)
{
    return ipcmap_real_key(real);     /* the mapping is its own inverse */
}

/* The kernel's row for object `real`; false when it does not exist. */
static bool find_row(enum ipcmap_kind kind, int real, struct ipcmap_row *row)
{
    int saved = errno;
    FILE *f = ipcmap_open_rows(kind);
    bool found = false;
    while (f != NULL && !found && ipcmap_next_row(f, kind, row))
        found = row->id == real;
    if (f != NULL)
        fclose(f);
    errno = saved;
    return found;
}

/* The creator of the kernel's object `real`; false when it does not exist. */
static bool creator_of(enum ipcmap_kind kind, int real, uid_t *cuid)
{
    struct ipcmap_row row;
    bool found = find_row(kind, real, &row);
    *cuid = found ? row.cuid : (uid_t) -1;
    return found;
}

static bool made_here(enum ipcmap_kind kind, int real)
{
    for (int i = 0; i < created[kind].n; i++)
        if (created[kind].id[i] == real)
            return true;
    return false;
}

bool ipcmap_is_ours(enum ipcmap_kind kind, int real, uid_t cuid)
{
    return cuid == subjects_uid || made_here(kind, real);
}

/* Whether the trusted side may touch the kernel's object `real`. */
static bool owned(enum ipcmap_kind kind, int real)
{
    uid_t cuid;
    return made_here(kind, real) || (creator_of(kind, real, &cuid) && cuid == subjects_uid);
}

/* Records an object this (trusted) process created. */
static void note_created(enum ipcmap_kind kind, int real)
{
    if (created[kind].n < MAX_CREATED)
        created[kind].id[created[kind].n++] = real;
    if (ledger != -1) {
        int saved = errno;
        dprintf(ledger, "%s %d\n", kind == IPCMAP_SHM ? "shm" : "sem", real);
        errno = saved;
    }
}

int ipcmap_virtual_id(enum ipcmap_kind kind, int real)
{
    if (mapped == NULL)
        return real;
    uint32_t want = (uint32_t) real + 1u;
    for (int i = 0; real >= 0 && i < SLOTS; i++) {
        uint32_t have = atomic_load(&mapped->slot[kind][i]);
        if (have == 0)
            break;
        if (have == want)
            return i;
    }
    return -1;
}

/* The index of `want` (non-zero) in slots, claiming the next free one for
 * a value seen for the first time; -1 when all are taken by others. */
static int claim(_Atomic uint32_t *slots, uint32_t want)
{
    for (int i = 0; i < SLOTS; i++) {
        uint32_t have = atomic_load(&slots[i]);
        if (have == 0 && atomic_compare_exchange_strong(&slots[i], &have, want))
            return i;
        if (have == want)
            return i;
    }
    return -1;
}

/* The virtual id of `real`, claiming the next free slot for an object seen
 * for the first time. -1 with ENOSPC when the table is full. */
static int to_virtual(enum ipcmap_kind kind, int real)
{
    if (mapped == NULL || real < 0)
        return real;
    int virt = claim(mapped->slot[kind], (uint32_t) real + 1u);
    if (virt == -1)
        errno = ENOSPC;
    return virt;
}

/* The kernel's id for virtual id `virt`: -1 (which every call refuses with
 * EINVAL, as the kernel refuses an id that names nothing) when the test has
 * no such object, or when the trusted side would touch another's.
 *
 * A kernel's id that code learned around the wrappers (the inode number of
 * a SYSV mapping in /proc/self/maps is the shmid) still reaches its object
 * when no virtual id has that number, as it would in a namespace where the
 * two agree. */
static int to_real(enum ipcmap_kind kind, int virt)
{
    if (mapped == NULL || virt < 0)
        return virt;
    uint32_t have = virt < SLOTS ? atomic_load(&mapped->slot[kind][virt]) : 0;
    int real = have != 0 ? (int) (have - 1u) : ipcmap_virtual_id(kind, virt) != -1 ? virt : -1;
    return real == -1 || !trusted || owned(kind, real) ? real : -1;
}

/* The euid to restore after a call made as an object's owner. */
static uid_t restore_euid;

/* After a call that failed with EACCES or EPERM on the test's own object
 * `real` in the trusted process: switches to the object's owner (attempt 0)
 * or creator (attempt 1) and returns true, so that the caller tries again
 * and then calls back_to_self(); false when there is nobody else to try. */
static bool as_owner(enum ipcmap_kind kind, int real, int attempt)
{
    struct ipcmap_row row;
    if (!trusted || (errno != EACCES && errno != EPERM) || attempt > 1 ||
        !owned(kind, real) || !find_row(kind, real, &row))
        return false;
    uid_t who = attempt == 0 ? row.uid : row.cuid;
    restore_euid = geteuid();
    int saved = errno;
    if (who == restore_euid || seteuid(who) == -1) {
        errno = saved;
        return attempt == 0 && as_owner(kind, real, 1);
    }
    errno = saved;
    return true;
}

static void back_to_self(void)
{
    int saved = errno;
    if (seteuid(restore_euid) == -1)
        abort();                      /* never go on as another user */
    errno = saved;
}

/* IPC_STAT of the test's own segment from the kernel's table, for a trusted
 * process that the permission check refused. */
static int shm_stat_from_table(int real, struct shmid_ds *buf)
{
    struct ipcmap_row row;
    if (!trusted || errno != EACCES || buf == NULL || !owned(IPCMAP_SHM, real) ||
        !find_row(IPCMAP_SHM, real, &row))
        return -1;
    memset(buf, 0, sizeof *buf);
    buf->shm_perm.__key = row.key;
    buf->shm_perm.uid = row.uid;
    buf->shm_perm.gid = row.gid;
    buf->shm_perm.cuid = row.cuid;
    buf->shm_perm.cgid = row.cgid;
    buf->shm_perm.mode = (unsigned short) row.mode;
    buf->shm_segsz = (size_t) row.size;
    buf->shm_atime = (time_t) row.atime;
    buf->shm_dtime = (time_t) row.dtime;
    buf->shm_ctime = (time_t) row.ctime;
    buf->shm_cpid = row.cpid;
    buf->shm_lpid = row.lpid;
    buf->shm_nattch = (shmatt_t) row.nattch;
    return 0;
}

/* The same for a semaphore set. */
static int sem_stat_from_table(int real, struct semid_ds *buf)
{
    struct ipcmap_row row;
    if (!trusted || errno != EACCES || buf == NULL || !owned(IPCMAP_SEM, real) ||
        !find_row(IPCMAP_SEM, real, &row))
        return -1;
    memset(buf, 0, sizeof *buf);
    buf->sem_perm.__key = row.key;
    buf->sem_perm.uid = row.uid;
    buf->sem_perm.gid = row.gid;
    buf->sem_perm.cuid = row.cuid;
    buf->sem_perm.cgid = row.cgid;
    buf->sem_perm.mode = (unsigned short) row.mode;
    buf->sem_nsems = (unsigned long) row.size;
    buf->sem_otime = (time_t) row.atime;
    buf->sem_ctime = (time_t) row.ctime;
    return 0;
}

/* What shmget or semget returned, as the test's processes see it. */
static int admit(enum ipcmap_kind kind, int real, key_t key, int flags)
{
    if (mapped == NULL)
        return real;
    int saved = errno;
    if (trusted) {
        if (key == IPC_PRIVATE || (flags & (IPC_CREAT | IPC_EXCL)) == (IPC_CREAT | IPC_EXCL))
            note_created(kind, real);
        else if (!owned(kind, real)) {     /* a key of someone else's: not in this test's world */
            errno = ENOENT;
            return -1;
        }
    }
    int virt = to_virtual(kind, real);
    if (virt != -1)
        errno = saved;
    return virt;
}

/* ftok's keys depend on inode numbers, which differ from run to run: the
 * test's processes see instead the n-th file they ask about as n, in the
 * key's low bits (the project id keeps its byte), so that keys, and the
 * messages that quote them, are the same every time. Two paths of one file
 * give one key; so do two files whose real keys collide, as in the kernel. */
key_t __wrap_ftok(const char *path, int proj_id)
{
    key_t real = __real_ftok(path, proj_id);
    if (real == (key_t) -1 || mapped == NULL)
        return real;
    int saved = errno;
    int file = claim(mapped->file, ((uint32_t) real & 0x00ffffffu) + 1u);
    errno = saved;
    if (file == -1)
        return real;
    return (key_t) (((uint32_t) real & 0xff000000u) | FTOK_MARK | (uint32_t) (file + 1));
}

int __wrap_shmget(key_t key, size_t size, int flags)
{
    int real = __real_shmget(ipcmap_real_key(key), size, flags);
    int ret = real == -1 ? -1 : admit(IPCMAP_SHM, real, key, flags);
    log_fixture_text("shmget", (const int64_t[]){ key, (int64_t) size }, 2, ret,
                     "shmget((key_t) ARG(0), (size_t) ARG(1), 0%o)", (unsigned) flags);
    return ret;
}

void *__wrap_shmat(int shmid, const void *addr, int flags)
{
    int real = to_real(IPCMAP_SHM, shmid);
    void *at = __real_shmat(real, addr, flags);
    for (int attempt = 0; at == (void *) -1 && as_owner(IPCMAP_SHM, real, attempt); attempt++) {
        at = __real_shmat(real, addr, flags);
        back_to_self();
    }
    log_fixture("shmat", "shmat((int) ARG(0), ARG_PTR(1), (int) ARG(2))",
                (const int64_t[]){ shmid, (int64_t) (intptr_t) addr, flags }, 3, (int64_t) (intptr_t) at);
    return at;
}

static bool shm_by_index(int cmd)
{
#ifdef SHM_STAT_ANY
    if (cmd == SHM_STAT_ANY)
        return true;
#endif
    return cmd == IPC_INFO || cmd == SHM_INFO || cmd == SHM_STAT;
}

int __wrap_shmctl(int shmid, int cmd, struct shmid_ds *buf)
{
    bool by_index = shm_by_index(cmd);
    int real = by_index ? shmid : to_real(IPCMAP_SHM, shmid);
    int ret = __real_shmctl(real, cmd, buf);
    if (ret == -1 && cmd == IPC_STAT)
        ret = shm_stat_from_table(real, buf);
    for (int attempt = 0; ret == -1 && !by_index && as_owner(IPCMAP_SHM, real, attempt); attempt++) {
        ret = __real_shmctl(real, cmd, buf);
        back_to_self();
    }
    if (cmd == IPC_RMID)
        LOG_ON("shmctl", shmid, ret, "shmctl((int) ARG(0), IPC_RMID, NULL)");
    else if (cmd == IPC_SET && buf != NULL)
        LOG_ON("shmctl", shmid, ret, "shmctl((int) ARG(0), IPC_SET, &(struct shmid_ds) "
                         "{ .shm_perm = { .uid = %u, .gid = %u, .mode = 0%o } })",
                         (unsigned) buf->shm_perm.uid, (unsigned) buf->shm_perm.gid,
                         (unsigned) buf->shm_perm.mode & 0777);
    if (ret == -1 || mapped == NULL)
        return ret;
    int saved = errno;
    if (buf != NULL && (cmd == IPC_STAT || (by_index && cmd != IPC_INFO && cmd != SHM_INFO)))
        buf->shm_perm.__key = ipcmap_virtual_key(buf->shm_perm.__key);
    if (by_index && cmd != IPC_INFO && cmd != SHM_INFO)
        ret = to_virtual(IPCMAP_SHM, ret);
    errno = saved;
    return ret;
}

int __wrap_semget(key_t key, int nsems, int flags)
{
    int real = __real_semget(ipcmap_real_key(key), nsems, flags);
    int ret = real == -1 ? -1 : admit(IPCMAP_SEM, real, key, flags);
    log_fixture_text("semget", (const int64_t[]){ key, nsems }, 2, ret,
                     "semget((key_t) ARG(0), (int) ARG(1), 0%o)", (unsigned) flags);
    return ret;
}

/* The C of a semop's operations, "(struct sembuf[]) { { 0, -1, 0 } }, 1". */
static void sops_text(char *text, size_t size, const struct sembuf *sops, size_t nsops)
{
    size_t used = (size_t) snprintf(text, size, "(struct sembuf[]) {");
    for (size_t i = 0; i < nsops && used < size; i++)
        used += (size_t) snprintf(text + used, size - used, "%s { %d, %d, %d }", i ? "," : "",
                                  sops[i].sem_num, sops[i].sem_op, sops[i].sem_flg);
    if (used < size)
        snprintf(text + used, size - used, " }, %zu", nsops);
}

int __wrap_semop(int semid, struct sembuf *sops, size_t nsops)
{
    return __wrap_semtimedop(semid, sops, nsops, NULL);
}

int __wrap_semtimedop(int semid, struct sembuf *sops, size_t nsops, const struct timespec *timeout)
{
    int real = to_real(IPCMAP_SEM, semid);
    int ret = __real_semtimedop(real, sops, nsops, timeout);
    for (int attempt = 0; ret == -1 && as_owner(IPCMAP_SEM, real, attempt); attempt++) {
        ret = __real_semtimedop(real, sops, nsops, timeout);
        back_to_self();
    }
    if (trusted) {
        char ops[320];
        int saved = errno;
        sops_text(ops, sizeof ops, sops, nsops);
        errno = saved;
        if (timeout == NULL)
            LOG_ON("semop", semid, ret, "semop((int) ARG(0), %s)", ops);
        else
            LOG_ON("semtimedop", semid, ret, "semtimedop((int) ARG(0), %s, "
                             "&(struct timespec) { %lld, %ld })", ops,
                             (long long) timeout->tv_sec, timeout->tv_nsec);
    }
    return ret;
}

/* The semctl commands that take the fourth argument (as glibc reads it). */
static bool sem_takes_arg(int cmd)
{
    switch (cmd) {
    case SETVAL: case GETALL: case SETALL: case IPC_STAT: case IPC_SET:
    case IPC_INFO: case SEM_INFO: case SEM_STAT:
#ifdef SEM_STAT_ANY
    case SEM_STAT_ANY:
#endif
        return true;
    default:
        return false;
    }
}

static bool sem_stat_by_index(int cmd)
{
#ifdef SEM_STAT_ANY
    if (cmd == SEM_STAT_ANY)
        return true;
#endif
    return cmd == SEM_STAT;
}

/* Logs the semctl commands that change a set (SETVAL, SETALL, IPC_SET,
 * IPC_RMID) as fixtures; `real` is the kernel's id of virtual id semid. */
static void log_semctl(int semid, int real, int semnum, int cmd, union ipcmap_semun arg, int ret)
{
    struct ipcmap_row row;
    char values[300] = "";
    if (!trusted)
        return;
    int saved = errno;
    if (cmd == SETALL && arg.array != NULL && find_row(IPCMAP_SEM, real, &row)) {
        size_t used = 0;
        for (long long i = 0; i < row.size && i < 32 && used < sizeof values; i++)
            used += (size_t) snprintf(values + used, sizeof values - used, "%s%u", i ? ", " : "",
                                      (unsigned) arg.array[i]);
    }
    errno = saved;
    if (cmd == SETVAL)
        LOG_ON("semctl", semid, ret, "semctl((int) ARG(0), %d, SETVAL, %d)", semnum, arg.val);
    else if (cmd == SETALL)
        LOG_ON("semctl", semid, ret, "semctl((int) ARG(0), 0, SETALL, "
                         "(unsigned short[]) { %s })", values);
    else if (cmd == IPC_RMID)
        LOG_ON("semctl", semid, ret, "semctl((int) ARG(0), 0, IPC_RMID)");
    else if (cmd == IPC_SET && arg.buf != NULL)
        LOG_ON("semctl", semid, ret, "semctl((int) ARG(0), 0, IPC_SET, &(struct semid_ds) "
                         "{ .sem_perm = { .uid = %u, .gid = %u, .mode = 0%o } })",
                         (unsigned) arg.buf->sem_perm.uid, (unsigned) arg.buf->sem_perm.gid,
                         (unsigned) arg.buf->sem_perm.mode & 0777);
}

int __wrap_semctl(int semid, int semnum, int cmd, ...)
{
    union ipcmap_semun arg = { 0 };
    if (sem_takes_arg(cmd)) {
        va_list ap;
        va_start(ap, cmd);
        arg = va_arg(ap, union ipcmap_semun);
        va_end(ap);
    }
    bool by_index = sem_stat_by_index(cmd) || cmd == IPC_INFO || cmd == SEM_INFO;
    int real = by_index ? semid : to_real(IPCMAP_SEM, semid);
    int ret = __real_semctl(real, semnum, cmd, arg);
    if (ret == -1 && cmd == IPC_STAT)
        ret = sem_stat_from_table(real, arg.buf);
    for (int attempt = 0; ret == -1 && !by_index && as_owner(IPCMAP_SEM, real, attempt); attempt++) {
        ret = __real_semctl(real, semnum, cmd, arg);
        back_to_self();
    }
    log_semctl(semid, real, semnum, cmd, arg, ret);
    if (ret == -1 || mapped == NULL)
        return ret;
    int saved = errno;
    if (arg.buf != NULL && (cmd == IPC_STAT || sem_stat_by_index(cmd)))
        arg.buf->sem_perm.__key = ipcmap_virtual_key(arg.buf->sem_perm.__key);
    if (sem_stat_by_index(cmd))
        ret = to_virtual(IPCMAP_SEM, ret);
    errno = saved;
    return ret;
}

bool ipcmap_begin_test(const char *path, uid_t uid, gid_t gid, int ledger_fd)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd == -1)
        return false;
    void *p = MAP_FAILED;
    if (ftruncate(fd, sizeof(struct table)) == 0 && fchown(fd, uid, gid) == 0)
        p = mmap(NULL, sizeof(struct table), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int saved = errno;
    close(fd);
    if (p == MAP_FAILED) {
        errno = saved;
        return false;
    }
    struct table *t = p;
    if (getrandom(&t->salt, sizeof t->salt, 0) != (ssize_t) sizeof t->salt)
        t->salt = (uint32_t) getpid() * 2654435761u;
    t->magic = TABLE_MAGIC;
    mapped = t;
    trusted = true;
    subjects_uid = uid;
    ledger = ledger_fd;
    created[IPCMAP_SHM].n = created[IPCMAP_SEM].n = 0;
    snprintf(environment, sizeof environment, "%s=%s", IPCMAP_ENV, path);
    return true;
}

const char *ipcmap_environment(void)
{
    return environment[0] ? environment : NULL;
}

/* Removes the kernel's object described by `row`: as ourselves, else (a
 * root without CAP_SYS_ADMIN) as its owner, then as its creator. Returns 1
 * when it is removed. */
static int remove_object(enum ipcmap_kind kind, const struct ipcmap_row *row)
{
    uid_t me = geteuid(), who[3] = { me, row->uid, row->cuid };
    for (int i = 0; i < 3; i++) {
        if (i > 0 && (who[i] == me || seteuid(who[i]) == -1))
            continue;
        bool gone = (kind == IPCMAP_SHM ? __real_shmctl(row->id, IPC_RMID, NULL)
                                        : __real_semctl(row->id, 0, IPC_RMID)) == 0;
        if (i > 0 && seteuid(me) == -1)
            abort();
        if (gone)
            return 1;
    }
    return 0;
}

bool ipcmap_next_row(FILE *f, enum ipcmap_kind kind, struct ipcmap_row *row)
{
    char line[512];
    while (fgets(line, sizeof line, f) != NULL) {
        long long key, id, size, cpid = 0, lpid = 0, nattch = 0, atime, dtime = 0, ctime;
        unsigned long long mode, uid, gid, cuid, cgid;
        bool ok = kind == IPCMAP_SHM
            ? sscanf(line, "%lld %lld %llo %lld %lld %lld %lld %llu %llu %llu %llu %lld %lld %lld",
                     &key, &id, &mode, &size, &cpid, &lpid, &nattch, &uid, &gid, &cuid, &cgid,
                     &atime, &dtime, &ctime) == 14
            : sscanf(line, "%lld %lld %llo %lld %llu %llu %llu %llu %lld %lld",
                     &key, &id, &mode, &size, &uid, &gid, &cuid, &cgid, &atime, &ctime) == 10;
        if (!ok)
            continue;      /* the heading */
        *row = (struct ipcmap_row) {
            .key = (key_t) key, .id = (int) id, .mode = (unsigned) mode, .size = size,
            .uid = (uid_t) uid, .cuid = (uid_t) cuid, .gid = (gid_t) gid, .cgid = (gid_t) cgid,
            .cpid = (pid_t) cpid, .lpid = (pid_t) lpid, .nattch = nattch,
            .atime = atime, .dtime = dtime, .ctime = ctime,
        };
        return true;
    }
    return false;
}

FILE *ipcmap_open_rows(enum ipcmap_kind kind)
{
    return fopen(kind == IPCMAP_SHM ? "/proc/sysvipc/shm" : "/proc/sysvipc/sem", "re");
}

/* Removes the objects of `kind` that `uid` created; returns how many. */
static int sweep_user(enum ipcmap_kind kind, uid_t uid)
{
    FILE *f = ipcmap_open_rows(kind);
    struct ipcmap_row row;
    int removed = 0;
    if (f == NULL)
        return 0;
    while (ipcmap_next_row(f, kind, &row))
        if (row.cuid == uid)
            removed += remove_object(kind, &row);
    fclose(f);
    return removed;
}

int ipcmap_sweep(uid_t subject_uid, int ledger_fd, off_t *offset)
{
    int removed = sweep_user(IPCMAP_SHM, subject_uid) + sweep_user(IPCMAP_SEM, subject_uid);
    char text[4096];
    ssize_t got;
    while (ledger_fd != -1 && (got = pread(ledger_fd, text, sizeof text - 1, *offset)) > 0) {
        text[got] = '\0';
        char *end = strrchr(text, '\n');
        if (end == NULL)
            break;
        end[1] = '\0';
        *offset += end + 1 - text;
        char kind[4];
        int id, used;
        for (char *p = text; sscanf(p, "%3s %d\n%n", kind, &id, &used) == 2; p += used) {
            enum ipcmap_kind k = strcmp(kind, "shm") == 0 ? IPCMAP_SHM : IPCMAP_SEM;
            struct ipcmap_row row;
            if (find_row(k, id, &row) && row.cuid == geteuid())
                removed += remove_object(k, &row);
        }
    }
    return removed;
}
