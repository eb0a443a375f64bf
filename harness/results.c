/*
 * results.c: what a judge tells the grader, as JSON: its lab and tests
 * (`judge --describe`) and, one line per test as each ends, its results
 * (`judge --run DIR --results FD`). The grader reads nothing else.
 *
 *   {"lab": "01-create", "student_file": "create.c", "programs": ["shmcreate"],
 *    "hidden": false, "tests": [{"number": "1.1", "points": 2, "title": "...",
 *    "name": "test_key_is_ftok", "flags": ["slow"]}, ...]}
 *
 *   {"number": "1.1", "passed": false, "message": "seg_key(...) returned -1 ..."}
 *
 * With SHMLABS_VERBOSE, also one event line per call the test made, in a
 * subject (subject >= 1) or itself as a fixture (subject 0), for --verbose
 * and for grader/repro (grader/shmgrade/calllog.py reads them):
 *
 *   {"event": "call", "test": "1.9", "order": 3, "ended": 4, "subject": 1, "op": 2, "call": "seg_create",
 *    "expression": "", "source": "test_key(1), 100, 0600", "values": [1275068417, 100, 384],
 *    "data": "", "data_file": false, "returned": true, "ret": 0, "errno": "EEXIST", "how": ""}
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge.h"
#include "judge_internal.h"

/* Writes text as a JSON string, quotes included. */
static void json_string(FILE *out, const char *text)
{
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *) text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            putc(*p, out);
    }
    putc('"', out);
}

/* Writes a space-separated list of words as a JSON array of strings. */
static void json_words(FILE *out, const char *words)
{
    char word[128];
    int used, first = 1;
    putc('[', out);
    for (const char *p = words; sscanf(p, "%127s%n", word, &used) == 1; p += used) {
        fputs(first ? "" : ", ", out);
        json_string(out, word);
        first = 0;
    }
    putc(']', out);
}

void describe_tests(FILE *out, const struct judge_lab *lab, const struct graded_test *tests, size_t count)
{
    fputs("{\"lab\": ", out);
    json_string(out, lab->name);
    fputs(", \"student_file\": ", out);
    json_string(out, lab->student_file);
    fputs(", \"programs\": ", out);
    json_words(out, lab->programs);
    fprintf(out, ", \"hidden\": %s, \"tests\": [", lab->hidden ? "true" : "false");
    for (size_t i = 0; i < count; i++) {
        const struct graded_test *t = &tests[i];
        fputs(i ? ",\n  {\"number\": " : "\n  {\"number\": ", out);
        json_string(out, t->number);
        fprintf(out, ", \"points\": %d, \"title\": ", t->points);
        json_string(out, t->title);
        fputs(", \"name\": ", out);
        json_string(out, t->test->name);
        fprintf(out, ", \"flags\": [%s%s%s]}",
                (t->flags & GT_OTHER_USER) ? "\"other-user\"" : "",
                (t->flags & GT_OTHER_USER) && (t->flags & GT_SLOW) ? ", " : "",
                (t->flags & GT_SLOW) ? "\"slow\"" : "");
    }
    fputs("\n]}\n", out);
}

bool report_result(FILE *out, const char *number, bool passed, const char *message)
{
    fputs("{\"number\": ", out);
    json_string(out, number);
    fprintf(out, ", \"passed\": %s, \"message\": ", passed ? "true" : "false");
    json_string(out, passed ? "" : message);
    fputs("}\n", out);
    return fflush(out) == 0;
}


/* What one call event holds (see the top of this file). */
struct call_event {
    int            subject;        /* 0: the test itself (a fixture) */
    int            op;             /* a subject's operation (rpc.h); 0 for a fixture */
    int            order;          /* when it started, among the test's calls */
    int            ended;          /* when it ended, on the same count */
    const char    *call;           /* "seg_create", "OP_POKE", "shmget" */
    const char    *expression;     /* a fixture's C, ARG(i) for its values */
    const char    *source;         /* a subject call's arguments as the test writes them */
    const int64_t *values;
    int            n_values;
    const void    *data;           /* the request's buffer (REQ_DATA) */
    size_t         len;
    const struct outcome *o;
};

/* True when data is a NUL-terminated absolute path to an existing file
 * (a file the test made for ftok: the repro must make one too). */
static bool names_a_file(const void *data, size_t len)
{
    const char *text = data;
    return len > 1 && text[0] == '/' && memchr(text, '\0', len) != NULL && access(text, F_OK) == 0;
}

/* Writes event e as one JSON line with one write(2), so that the lines of
 * tests running at once never mix; nothing without SHMLABS_VERBOSE. */
static void write_call(const struct call_event *e)
{
    char *line = NULL;
    size_t size = 0;
    int fd = judge_config.results_fd;
    if (getenv("SHMLABS_VERBOSE") == NULL || fd < 0)
        return;
    int saved = errno;
    FILE *out = open_memstream(&line, &size);
    if (out == NULL)
        return;
    fputs("{\"event\": \"call\", \"test\": ", out);
    json_string(out, judge_config.test ? judge_config.test : "");
    fprintf(out, ", \"order\": %d, \"ended\": %d, \"subject\": %d, \"op\": %d, \"call\": ",
            e->order, e->ended, e->subject, e->op);
    json_string(out, e->call);
    fputs(", \"expression\": ", out);
    json_string(out, e->expression);
    fputs(", \"source\": ", out);
    json_string(out, e->source);
    fputs(", \"values\": [", out);
    for (int i = 0; i < e->n_values; i++)
        fprintf(out, "%s%lld", i ? ", " : "", (long long) e->values[i]);
    fputs("], \"data\": \"", out);
    for (size_t i = 0; i < e->len; i++)
        fprintf(out, "%02x", ((const unsigned char *) e->data)[i]);
    fprintf(out, "\", \"data_file\": %s, \"returned\": %s, \"ret\": %lld, \"errno\": ",
            names_a_file(e->data, e->len) ? "true" : "false", e->o->returned ? "true" : "false",
            (long long) e->o->ret);
    json_string(out, e->o->returned ? errname(e->o->err) : "");
    fputs(", \"how\": ", out);
    json_string(out, e->o->returned ? "" : e->o->how);
    fputs("}\n", out);
    if (fclose(out) == 0)
        (void) !write(fd, line, size);
    free(line);
    errno = saved;
}

int report_call_order(void)
{
    static int started;
    return ++started;
}

void report_call(const struct outcome *o, int subject, int op, int order, const char *source,
                 const int64_t values[], int n_values, const void *data, size_t len)
{
    struct call_event e = { subject, op, order, report_call_order(), o->call, "", source ? source : "",
                            values, n_values, data, len, o };
    write_call(&e);
}

void report_fixture(const char *call, const char *expression, const int64_t values[],
                    int n_values, int64_t ret, int err)
{
    struct outcome o = { .returned = true, .ret = ret, .err = err };
    int order = report_call_order();
    struct call_event e = { 0, 0, order, order, call, expression, "",
                            values, n_values, NULL, 0, &o };
    write_call(&e);
}

void report_waiting(const char *test, const char *call, int limit_ms)
{
    char line[256];
    int fd = judge_config.results_fd;
    int n = snprintf(line, sizeof line, "{\"event\": \"waiting\", \"test\": \"%.16s\", \"call\": \"%.64s\", "
                     "\"limit_ms\": %d}\n", test, call, limit_ms);
    if (fd >= 0 && n > 0 && (size_t) n < sizeof line) {
        int saved = errno;
        (void) !write(fd, line, (size_t) n);     /* one write, as report_call */
        errno = saved;
    }
}
