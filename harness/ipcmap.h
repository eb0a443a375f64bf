/*
 * ipcmap.h: the System V ids and keys that a test's processes see.
 *
 * Every test must see a System V world of its own: its first segment and
 * its first semaphore set get id 0 (which catches `if (id <= 0)`), and no
 * other test's objects exist for it. A private IPC namespace per test gives
 * that for free, but inside a Docker container no namespace can be made,
 * and the grader shares the container's namespace with anything else that
 * runs there. So that the same code gets the same scores at every isolation
 * level, every process of a test (the test itself, its subjects, the lab's
 * programs) is linked with `-Wl,--wrap` for the System V calls (IPCMAP_WRAP
 * in mk/lab.mk) and sees *virtual* ids and keys, at every level alike:
 *
 *   - the n-th segment (or semaphore set) that the test's processes meet
 *     has id n-1; a table in a file of the test's scratch directory, shared
 *     by all of them, maps it to the kernel's id;
 *   - keys are the kernel's keys XOR a random salt of the test's own
 *     (IPC_PRIVATE stays IPC_PRIVATE), so two tests never meet on a key;
 *   - ftok numbers files in the order the test's processes ask about them,
 *     instead of by inode, so that keys are the same from run to run.
 *
 * The environment variable IPCMAP_ENV names the table. A process started
 * without it (a student running a lab program by hand) passes every call
 * through unchanged. Code that bypasses the wrapped functions (a raw
 * syscall()) sees the kernel's ids, which no longer agree with the test's:
 * such code fails the tests, as it would fail a student's classmates.
 *
 * The test process itself is trusted: it maps an id to the kernel's only
 * when the object is the test's own (made by the test, or by the subjects'
 * user id), so that no table entry written by student code can make it
 * read, change or remove an object of anyone else.
 */
#ifndef SHMLABS_IPCMAP_H
#define SHMLABS_IPCMAP_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/types.h>

#define IPCMAP_ENV "SHMLABS_IPCMAP"

enum ipcmap_kind { IPCMAP_SHM, IPCMAP_SEM };

/* The kernel's key for a key the test's processes use, and back. Both are
 * the identity without a table; IPC_PRIVATE always maps to itself. */
key_t ipcmap_real_key(key_t key);
key_t ipcmap_virtual_key(key_t real);

/* The test's id of the kernel's object `real`, or -1 when the table does not
 * hold it (made by a raw system call). Adds nothing to the table. */
int ipcmap_virtual_id(enum ipcmap_kind kind, int real);

/* One row of /proc/sysvipc/shm or /proc/sysvipc/sem: the kernel's view,
 * which anyone may read, whatever the objects' modes. */
struct ipcmap_row {
    key_t     key;         /* the kernel's key */
    int       id;          /* the kernel's id */
    unsigned  mode;        /* shm_perm.mode: permission bits, SHM_DEST ... */
    long long size;        /* bytes of a segment, semaphores of a set */
    uid_t     uid, cuid;   /* owner and creator */
    gid_t     gid, cgid;
    pid_t     cpid, lpid;  /* segments: creator, last shmat/shmdt */
    long long nattch;      /* segments: attachments */
    long long atime, dtime, ctime;   /* sets: otime in atime, ctime */
};

/* Opens the kernel's table of segments or semaphore sets (NULL on error). */
FILE *ipcmap_open_rows(enum ipcmap_kind kind);

/* Reads the next row of a table opened by ipcmap_open_rows into *row;
 * false at the end. */
bool ipcmap_next_row(FILE *f, enum ipcmap_kind kind, struct ipcmap_row *row);

/* --- for the test process only (judge.c, kernel.c) --------------------- */

/* Makes the test's table at `path` (a new file, owned by `uid`:`gid` so that
 * subjects can map it), with a fresh salt, and makes this process the
 * trusted side. `ledger_fd`, when not -1, gets a line "shm ID" or "sem ID"
 * for every object this process creates (see ipcmap_sweep). Returns false
 * with errno set when the file cannot be made. */
bool ipcmap_begin_test(const char *path, uid_t uid, gid_t gid, int ledger_fd);

/* The table's path for the environment of the test's processes
 * ("SHMLABS_IPCMAP=/..."), or NULL before ipcmap_begin_test. */
const char *ipcmap_environment(void);

/* True when the kernel's object `real`, created by `cuid`, belongs to the
 * test: made by this process, or by the subjects' user.
 *
 * On the test's own objects the trusted side keeps the powers that root has
 * in a namespace of its own, even where a container took CAP_IPC_OWNER and
 * CAP_SYS_ADMIN away: IPC_STAT falls back on the kernel's table, and a call
 * refused with EACCES or EPERM is tried again as the object's owner, then
 * as its creator (seteuid). */
bool ipcmap_is_ours(enum ipcmap_kind kind, int real, uid_t cuid);

/* Removes every object that a test's processes may have left in a shared
 * IPC namespace: those created by `subject_uid`, and those that the ledger
 * (read from `ledger_fd`, from offset *offset on) says the test made and
 * that are still owned by us. Returns the number removed. Only for use where
 * the test shares our namespace: ids in the ledger are this namespace's. */
int ipcmap_sweep(uid_t subject_uid, int ledger_fd, off_t *offset);

#endif
