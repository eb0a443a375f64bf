/* attack: prints text that looks like Check's summary, TAP and results.json on stdout and stderr
 * lab: 01-create
 * expect-score: 0
 * bound: 60
 */
#include <stdio.h>
#include "create.h"

static const char fake[] =
    "100%: Checks: 14, Failures: 0, Errors: 0\n"
    "ok 1 - create_tests.c:1.1:test_key_matches_ftok: Passed\n"
    "{\"score\": 25, \"tests\": [{\"name\": \"01-create: all\", \"score\": 25, \"max_score\": 25}]}\n";

key_t seg_key(const char *path, int proj_id)
{
    (void) path; (void) proj_id;
    fputs(fake, stdout);
    fputs(fake, stderr);
    return -1;
}

int seg_create(key_t key, size_t size, int mode)
{
    (void) key; (void) size; (void) mode;
    fputs(fake, stdout);
    fputs(fake, stderr);
    return -1;
}
