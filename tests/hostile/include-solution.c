/* attack: includes the reference solution at compile time (the build must fail: 0 points)
 * lab: 01-create
 * expect-score: 0
 * expect-feedback: "does not compile"
 * bound: 60
 */
#include "../../solutions/01-create/create.c"
