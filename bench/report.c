/*
 * report.c: the table, the crossovers and the files of report.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

#define KIB 1024u

/* Shared-memory channels, compared with the pipe. */
static const int shared_memory[] = { LAB_RING, BIG_RING, SPSC_RING, ZERO_COPY };
#define NSHARED (sizeof shared_memory / sizeof shared_memory[0])

const char *column_name(int col)
{
    return col == MEMCPY ? "memcpy" : channel_name[col];
}

static int is_shared_memory(int col)
{
    for (size_t k = 0; k < NSHARED; k++)
        if (shared_memory[k] == col)
            return 1;
    return 0;
}

/* ------------------------------------------------------------------------
 * Crossovers
 * --------------------------------------------------------------------- */

/* Column col against the pipe at size index s, or NAN. */
static double vs_pipe(const struct results *r, size_t s, int col)
{
    if (!r->fig[s][col].measured || !r->fig[s][PIPE].measured)
        return NAN;
    return r->fig[s][col].mbps / r->fig[s][PIPE].mbps;
}

/* The first size index from which column col is at least `times` the pipe
 * at every larger size too, or r->nsizes if there is none. */
static size_t crossover(const struct results *r, int col, double times)
{
    size_t from = r->nsizes;
    for (size_t s = r->nsizes; s-- > 0;) {
        if (!(vs_pipe(r, s, col) >= times))
            break;
        from = s;
    }
    return from;
}

/* "64 KiB", "8 B", "1 MiB". */
static const char *size_text(size_t bytes, char *buf, size_t cap)
{
    if (bytes % (1024 * KIB) == 0)
        snprintf(buf, cap, "%zu MiB", bytes / (1024 * KIB));
    else if (bytes % KIB == 0)
        snprintf(buf, cap, "%zu KiB", bytes / KIB);
    else
        snprintf(buf, cap, "%zu B", bytes);
    return buf;
}

/* ------------------------------------------------------------------------
 * Output
 * --------------------------------------------------------------------- */

/* The table: MB/s of every column, and for shared memory times the pipe's. */
static void print_table(const struct results *r)
{
    char text[32];

    printf("\nMB/s (10^6 bytes a second), the fastest of %d runs; for shared memory also"
           " times the pipe's\n%7s", r->runs, "size");
    for (int col = 0; col < NCOLUMNS; col++)
        printf(" %*s", is_shared_memory(col) ? 14 : 9, column_name(col));
    printf("\n");
    for (size_t s = 0; s < r->nsizes; s++) {
        printf("%7s", size_text(r->sizes[s], text, sizeof text));
        for (int col = 0; col < NCOLUMNS; col++) {
            int shared = is_shared_memory(col);
            if (!r->fig[s][col].measured)
                printf(" %*s", shared ? 14 : 9, "-");
            else if (shared)
                printf(" %7.1f %5.*fx", r->fig[s][col].mbps, vs_pipe(r, s, col) < 0.1 ? 3 : 2,
                       vs_pipe(r, s, col));
            else
                printf(" %9.1f", r->fig[s][col].mbps);
        }
        printf("\n");
    }
}

static void print_sleeps(const struct results *r)
{
    char text[32];

    printf("\nsleeps per message (voluntary context switches of producer and consumer)\n%7s",
           "size");
    for (int col = 0; col < NCHANNELS; col++)
        printf(" %11s", column_name(col));
    printf("\n");
    for (size_t s = 0; s < r->nsizes; s++) {
        printf("%7s", size_text(r->sizes[s], text, sizeof text));
        for (int col = 0; col < NCHANNELS; col++)
            if (r->fig[s][col].measured)
                printf(" %11.3f", r->fig[s][col].sleeps);
            else
                printf(" %11s", "-");
        printf("\n");
    }
}

/* The crossovers, in words. */
static void print_crossovers(const struct results *r)
{
    char a[32], b[32];

    printf("\ncrossovers: from which size on a shared-memory channel beats the pipe"
           " at every larger size\n");
    for (size_t k = 0; k < NSHARED; k++) {
        int col = shared_memory[k];
        size_t once = crossover(r, col, 1), thrice = crossover(r, col, 3);
        printf("  %-11s ", column_name(col));
        if (!r->fig[r->nsizes - 1][col].measured)
            printf("not measured\n");
        else if (once == r->nsizes)
            printf("never (%.2gx the pipe at %s)\n", vs_pipe(r, r->nsizes - 1, col),
                   size_text(r->sizes[r->nsizes - 1], a, sizeof a));
        else if (thrice == r->nsizes)
            printf("from %s on (1x); never 3x\n", size_text(r->sizes[once], a, sizeof a));
        else
            printf("from %s on (1x); 3x from %s on\n", size_text(r->sizes[once], a, sizeof a),
                   size_text(r->sizes[thrice], b, sizeof b));
    }
}

static FILE *open_out(const char *dir, const char *name, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        fprintf(stderr, "ringbench: %s: %s\n", path, strerror(errno));
    return f;
}

/* OUTDIR/results.dat: one row per size (see its header); "-" where a column
 * was not measured. Returns 0 or -1. */
static int write_results(const char *dir, const struct results *r)
{
    char path[4096];
    FILE *f = open_out(dir, "results.dat", path, sizeof path);
    if (f == NULL)
        return -1;
    fprintf(f, "# ringbench, the fastest of %d runs, %ld processors. Columns: bytes, MB/s of\n"
               "# each of the %d columns, then sleeps and preemptions per message of each\n"
               "# of the %d channels.\nbytes",
            r->runs, sysconf(_SC_NPROCESSORS_ONLN), NCOLUMNS, NCHANNELS);
    for (int col = 0; col < NCOLUMNS; col++)
        fprintf(f, " %s", column_name(col));
    for (int col = 0; col < NCHANNELS; col++)
        fprintf(f, " sleeps-%s", column_name(col));
    for (int col = 0; col < NCHANNELS; col++)
        fprintf(f, " preempted-%s", column_name(col));
    fprintf(f, "\n");
    for (size_t s = 0; s < r->nsizes; s++) {
        fprintf(f, "%zu", r->sizes[s]);
        for (int col = 0; col < NCOLUMNS; col++)
            fprintf(f, r->fig[s][col].measured ? " %.3f" : " -", r->fig[s][col].mbps);
        for (int col = 0; col < NCHANNELS; col++)
            fprintf(f, r->fig[s][col].measured ? " %.4f" : " -", r->fig[s][col].sleeps);
        for (int col = 0; col < NCHANNELS; col++)
            fprintf(f, r->fig[s][col].measured ? " %.4f" : " -", r->fig[s][col].preempted);
        fprintf(f, "\n");
    }
    if (fclose(f) == EOF)
        return -1;
    printf("\nwrote %s", path);
    return 0;
}

/* OUTDIR/crossovers.dat: bytes, times the pipe, column, label; one row per
 * crossover found, for plot.gp to mark. Returns 0 or -1. */
static int write_crossovers(const char *dir, const struct results *r)
{
    char path[4096];
    FILE *f = open_out(dir, "crossovers.dat", path, sizeof path);
    if (f == NULL)
        return -1;
    fprintf(f, "# ringbench: where a shared-memory channel overtakes the pipe for good\n");
    for (size_t k = 0; k < NSHARED; k++) {
        int col = shared_memory[k];
        size_t once = crossover(r, col, 1), thrice = crossover(r, col, 3);
        if (once < r->nsizes)
            fprintf(f, "%zu %.3f %d \"%s %s\"\n", r->sizes[once], vs_pipe(r, once, col), col,
                    column_name(col), thrice == once ? "1x, 3x" : "1x");
        if (thrice < r->nsizes && thrice != once)
            fprintf(f, "%zu %.3f %d \"%s 3x\"\n", r->sizes[thrice], vs_pipe(r, thrice, col),
                    col, column_name(col));
    }
    if (fclose(f) == EOF)
        return -1;
    printf(" and %s\n", path);
    return 0;
}

void report_print(const struct results *r)
{
    print_table(r);
    print_crossovers(r);
    print_sleeps(r);
}

int report_write(const struct results *r, const char *dir)
{
    return write_results(dir, r) == 0 && write_crossovers(dir, r) == 0 ? 0 : -1;
}
