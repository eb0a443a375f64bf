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
 */
#include <stdio.h>
#include <string.h>

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
