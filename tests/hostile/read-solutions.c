/* attack: works only if it can read the kit's reference solutions at run time (it must not: 0 points)
 * lab: 01-create
 * expect-score: 0
 * bound: 60
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>
#include "create.h"

/* Fails the way the skeleton does, so that no failure-path test passes by accident. */
static int refuse(void)
{
    errno = ENOSYS;
    return -1;
}

/* True when a reference solution can be opened from here. */
static int found_solutions(void)
{
    static const char *guesses[] = {
        "../../solutions/01-create/create.c", "../solutions/01-create/create.c",
        "solutions/01-create/create.c", "/work/main/solutions/01-create/create.c",
        "/builds/solutions/01-create/create.c",
    };
    char cwd[4096], path[4200];
    for (size_t i = 0; i < sizeof guesses / sizeof guesses[0]; i++) {
        FILE *f = fopen(guesses[i], "r");
        if (f) {
            fclose(f);
            return 1;
        }
    }
    if (getcwd(cwd, sizeof cwd) == NULL)
        return 0;
    for (int up = 0; up < 8; up++) {                /* every ancestor of the cwd */
        snprintf(path, sizeof path, "%s/solutions/01-create/create.c", cwd);
        FILE *f = fopen(path, "r");
        if (f) {
            fclose(f);
            return 1;
        }
        char *slash = strrchr(cwd, '/');
        if (slash == NULL || slash == cwd)
            break;
        *slash = '\0';
    }
    return 0;
}

key_t seg_key(const char *path, int proj_id)
{
    return found_solutions() ? ftok(path, proj_id) : (key_t) refuse();
}

int seg_create(key_t key, size_t size, int mode)
{
    return found_solutions() ? shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777)) : refuse();
}
