/* attack: kills its parent (the test) and its own process group
 * lab: 01-create
 * expect-score: 0
 * bound: 60
 */
#include <signal.h>
#include <unistd.h>
#include "create.h"

static void strike(void)
{
    kill(getppid(), SIGKILL);
    kill(0, SIGKILL);
}

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; strike(); return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; strike(); return -1; }
