/* attack: spins on the CPU instead of returning (for 20 s at most, even outside a sandbox)
 * lab: 01-create
 * expect-score: 0
 * expect-feedback: "CPU time without returning"
 * bound: 40
 */
#include <time.h>
#include "create.h"

static void spin(void)
{
    time_t end = time(NULL) + 20;
    while (time(NULL) < end)
        ;
}

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; spin(); return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; spin(); return -1; }
