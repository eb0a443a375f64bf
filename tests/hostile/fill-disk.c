/* attack: fills the disk with files where it can write (256 MiB at most, removed again, even outside a sandbox)
 * lab: 01-create
 * expect-score: 0
 * bound: 90
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "create.h"

static void fill(void)
{
    static char block[1 << 20];
    char path[64];
    memset(block, 'z', sizeof block);
    for (int i = 0; i < 256; i++) {
        snprintf(path, sizeof path, "/tmp/fill-%d-%d", (int) getpid(), i);
        FILE *f = fopen(path, "w");
        int full = f == NULL || fwrite(block, 1, sizeof block, f) != sizeof block;
        if (f)
            full |= fclose(f) != 0;
        if (full)
            break;
    }
    for (int i = 0; i < 256; i++) {          /* leave no trace, sandbox or not */
        snprintf(path, sizeof path, "/tmp/fill-%d-%d", (int) getpid(), i);
        unlink(path);
    }
}

key_t seg_key(const char *path, int proj_id)
{
    (void) path; (void) proj_id;
    fill();
    errno = ENOSYS;
    return -1;
}

int seg_create(key_t key, size_t size, int mode)
{
    (void) key; (void) size; (void) mode;
    fill();
    errno = ENOSYS;
    return -1;
}
