/* attack: forks without end (500 processes at most, each gone after 20 s, even outside a sandbox)
 * lab: 01-create
 * expect-score: 0
 * bound: 90
 */
#include <unistd.h>
#include "create.h"

static void bomb(void)
{
    for (int i = 0; i < 500; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            sleep(20);
            _exit(0);
        }
    }
}

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; bomb(); return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; bomb(); return -1; }
