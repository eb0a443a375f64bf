/* attack: allocates and touches memory without end (2 GiB at most, even outside a sandbox), then uses what malloc returned without checking
 * lab: 01-create
 * expect-score: 0
 * expect-feedback: "more than 400 MiB of memory"
 * bound: 90
 */
#include <stdlib.h>
#include <string.h>
#include "create.h"

static void hog(void)
{
    for (int i = 0; i < 2048; i++) {
        char *p = malloc(1 << 20);
        memset(p, 1, 1 << 20);             /* NULL once the limit is reached */
    }
}

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; hog(); return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; hog(); return -1; }
