/* attack: a constructor that ends the process before main, so that no call is ever answered
 * lab: 01-create
 * expect-score: 0
 * expect-feedback: "could not even start"
 * bound: 60
 */
#include <unistd.h>
#include "create.h"

__attribute__((constructor)) static void vanish(void) { _exit(0); }

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; return -1; }
