/* attack: floods stdout and stderr (64 MiB at most, even outside a sandbox)
 * lab: 01-create
 * expect-score: 0
 * expect-feedback: "more than 1024 KiB"
 * bound: 90
 */
#include <string.h>
#include <unistd.h>
#include "create.h"

static void flood(void)
{
    static char block[64 * 1024];
    memset(block, 'y', sizeof block);
    for (int i = 0; i < 512; i++)
        if (write(1 + i % 2, block, sizeof block) < 0)
            return;
}

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; flood(); return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; flood(); return -1; }
