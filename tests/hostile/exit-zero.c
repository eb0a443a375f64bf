/* attack: calls exit(0) inside the functions, which Check's fork mode alone would count as a pass
 * lab: 01-create
 * expect-score: 0
 * expect-feedback: "exited with status 0"
 * bound: 60
 */
#include <stdlib.h>
#include "create.h"

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; exit(0); }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; exit(0); }
