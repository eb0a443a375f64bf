/*
 * report.h: what ringbench shows once everything is measured: the table of
 * MB/s with each shared-memory channel against the pipe, the crossovers
 * (from which size on a channel beats the pipe), the sleeps per message,
 * and the files plot.gp draws: OUTDIR/results.dat and OUTDIR/crossovers.dat.
 */
#ifndef SHMLABS_REPORT_H
#define SHMLABS_REPORT_H

#include <stddef.h>

#include "channel.h"

/* The table's columns: the channels, then memcpy. */
enum { MEMCPY = NCHANNELS, NCOLUMNS };

#define MAX_SIZES 9                /* message sizes in one run, at most */

/* What one column achieved for one size in its fastest run. */
struct figure {
    int    measured;               /* 0: not measured (lab 07's ring not done) */
    double mbps;                   /* 10^6 bytes per second */
    double sleeps, preempted;      /* per message */
};

/* A whole run: its sizes, runs per figure, and figures. */
struct results {
    size_t        nsizes;
    size_t        sizes[MAX_SIZES];
    int           runs;
    struct figure fig[MAX_SIZES][NCOLUMNS];
};

/* A column's name: a channel's, or "memcpy". */
const char *column_name(int col);

/* Prints the table, the crossovers and the sleeps to standard output. */
void report_print(const struct results *r);

/* Writes DIR/results.dat and DIR/crossovers.dat. Returns 0, or -1 after
 * saying why on standard error. */
int report_write(const struct results *r, const char *dir);

#endif
