/* attack: works only if it can reach the network (the self-test listens on 127.0.0.1:47611 while the corpus runs; it must not be reachable: 0 points)
 * lab: 01-create
 * expect-score: 0
 * bound: 60
 */
#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <unistd.h>
#include "create.h"

/* Fails the way the skeleton does, so that no failure-path test passes by accident. */
static int refuse(void)
{
    errno = ENOSYS;
    return -1;
}

static int online(void)
{
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(47611) };
    int fd = socket(AF_INET, SOCK_STREAM, 0), ok;
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    ok = fd >= 0 && connect(fd, (struct sockaddr *) &to, sizeof to) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

key_t seg_key(const char *path, int proj_id) { return online() ? ftok(path, proj_id) : (key_t) refuse(); }
int seg_create(key_t key, size_t size, int mode)
{
    return online() ? shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777)) : refuse();
}
