/* attack: calls _exit(0), skipping every atexit handler, inside the functions
 * lab: 01-create
 * expect-score: 0
 * expect-feedback: "exited with status 0"
 * bound: 60
 */
#include <unistd.h>
#include "create.h"

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; _exit(0); }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; _exit(0); }
