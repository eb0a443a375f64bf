/* attack: works only if it can attach to its parent (the test) with ptrace, to rewrite its verdicts
 * lab: 01-create
 * expect-score: 0
 * bound: 60
 */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/ptrace.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "create.h"

/* Fails the way the skeleton does, so that no failure-path test passes by accident. */
static int refuse(void)
{
    errno = ENOSYS;
    return -1;
}

static int owns_parent(void)
{
    pid_t parent = getppid();
    if (ptrace(PTRACE_ATTACH, parent, NULL, NULL) == -1)
        return 0;
    waitpid(parent, NULL, __WALL);
    ptrace(PTRACE_DETACH, parent, NULL, NULL);
    return 1;
}

key_t seg_key(const char *path, int proj_id) { return owns_parent() ? ftok(path, proj_id) : (key_t) refuse(); }
int seg_create(key_t key, size_t size, int mode)
{
    return owns_parent() ? shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777)) : refuse();
}
