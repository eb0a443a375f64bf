/* attack: sleeps instead of returning (for 30 s at most, even outside a sandbox)
 * lab: 01-create
 * expect-score: 0
 * expect-feedback: "did not return within"
 * bound: 150
 */
#include <unistd.h>
#include "create.h"

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; sleep(30); return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; sleep(30); return -1; }
