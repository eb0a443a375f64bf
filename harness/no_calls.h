/* no_calls.h: the empty call list the harness's own objects are built with
 * (they serve every lab, so they know no lab's functions). */
#define LAB_CALLS(X)
