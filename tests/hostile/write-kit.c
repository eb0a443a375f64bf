/* attack: works only if it can write into the kit or its own build (the self-test also checks that the kit is unchanged)
 * lab: 01-create
 * expect-score: 0
 * bound: 60
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

/* True when one of the kit's files, or the built programs, could be changed. */
static int wrote_kit(void)
{
    static const char *targets[] = {
        "../../labs/01-create/tests/create_tests.c", "/work/main/labs/01-create/tests/create_tests.c",
        "/work/main/build/01-create/judge", "/judge",
    };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        int fd = open(targets[i], O_WRONLY | O_APPEND);
        if (fd >= 0) {
            close(fd);
            return 1;
        }
    }
    return 0;
}

key_t seg_key(const char *path, int proj_id) { return wrote_kit() ? ftok(path, proj_id) : (key_t) refuse(); }
int seg_create(key_t key, size_t size, int mode)
{
    return wrote_kit() ? shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777)) : refuse();
}
