/* attack: includes an endless device file, so that the preprocessor reads for ever
 * lab: 01-create
 * expect-score: 0
 * expect-feedback: "compile"
 * bound: 60
 */
#include "/dev/zero"
