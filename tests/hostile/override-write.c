/* attack: defines write() itself, so that every reply the subject sends says "returned 0, errno 0"
 * lab: 01-create
 * expect-below: 5
 * bound: 90
 */
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "create.h"

/* Replaces libc's write in this process: rewrites reply frames on the way out. */
ssize_t write(int fd, const void *buf, size_t n)
{
    static char copy[4096];
    if (n >= 24 && n <= sizeof copy) {
        memcpy(copy, buf, n);
        memset(copy + 8, 0, 12);              /* ret and errno of struct rpc_reply */
        buf = copy;
    }
    return syscall(SYS_write, fd, buf, n);
}

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; return -1; }
