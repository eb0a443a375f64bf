/*
 * counter.h: what the processes of lab 06's `counter` share, in its segment.
 * The layout is the kit's (counter.c writes it, the lab's tests read it from
 * a segment that `counter --keep` left behind); student code never sees it.
 */
#ifndef SHMLABS_COUNTER_H
#define SHMLABS_COUNTER_H

#include <stdatomic.h>

struct counter_shared {
    volatile long count;      /* the counter: each increment reads it, then writes it + 1 */
    atomic_long   overlaps;   /* increments begun while another process was inside one */
    atomic_int    inside;     /* processes between their read and their write right now */
    volatile int  go;         /* 1 once every process is forked: all start together */
};

#endif
