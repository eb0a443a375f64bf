/*
 * driver.c: the command line, numbers, keys and error exits of the labs'
 * programs (driver.h says what each function promises).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

/* ftok keeps only the low 8 bits of the project id, and they must not be 0. */
#define MAX_PROJ 255

/* Set once by driver_start: the first word of every message, and --help. */
static const char *program = "driver";
static const char *program_help = "";

void driver_start(const char *name, const char *help)
{
    program = name;
    program_help = help;
}

/* Prints "NAME: message[: strerror(err)][suffix]" as one line on stderr. */
static void print_message(int err, const char *suffix, const char *format, va_list args)
    __attribute__((format(printf, 3, 0)));

static void print_message(int err, const char *suffix, const char *format, va_list args)
{
    fprintf(stderr, "%s: ", program);
    vfprintf(stderr, format, args);
    if (err != 0)
        fprintf(stderr, ": %s", strerror(err));
    fprintf(stderr, "%s\n", suffix);
}

void driver_warn(int err, const char *format, ...)
{
    int saved = errno;
    va_list args;

    va_start(args, format);
    print_message(err, "", format, args);
    va_end(args);
    errno = saved;
}

_Noreturn void driver_fail(const char *format, ...)
{
    int err = errno;
    va_list args;

    va_start(args, format);
    print_message(err, "", format, args);
    va_end(args);
    exit(1);
}

_Noreturn void driver_usage_error(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    print_message(0, "; try --help", format, args);
    va_end(args);
    exit(2);
}

/* Prints the help: the program's own lines, then those of the options the
 * programs share (-p PROJ only for a program that takes it). */
static _Noreturn void print_help(int takes_proj)
{
    printf("%s", program_help);
    if (takes_proj)
        printf("  -p PROJ   the project id for ftok, 1 to %d (default %d)\n", MAX_PROJ,
               DRIVER_DEFAULT_PROJ);
    printf("  --help    show this help\n");
    exit(0);
}

long long driver_number(const char *text, int base, long long min, long long max,
                        const char *what)
{
    char *end;
    long long value;

    errno = 0;
    value = strtoll(text, &end, base);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        if (base == 8)
            driver_usage_error("bad %s '%s': give an octal number from %#llo to %#llo",
                               what, text, (unsigned long long) min, (unsigned long long) max);
        driver_usage_error("bad %s '%s': give a number from %lld to %lld", what, text, min, max);
    }
    return value;
}

key_t driver_key(key_t (*make_key)(const char *path, int proj), const char *path, int proj)
{
    key_t key = make_key(path, proj);

    if (key == (key_t) -1)
        driver_fail("cannot make a key from %s", path);
    return key;
}

key_t driver_numeric_key(const char *text)
{
    /* A key_t is an int: 0x80000000 and above are stored as negative ids. */
    return (key_t) (unsigned) driver_number(text, 0, 1, 0xffffffffLL, "key");
}

/* The entry of `options` named `arg`, or NULL. */
static const struct driver_option *find_option(const struct driver_option options[],
                                               const char *arg)
{
    for (int i = 0; options != NULL && options[i].name != NULL; i++)
        if (strcmp(options[i].name, arg) == 0)
            return &options[i];
    return NULL;
}

/* The value of the option argv[*i], which is argv[*i + 1]: moves *i to it. */
static const char *option_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        driver_usage_error("option %s needs a value", argv[*i]);
    return argv[++*i];
}

int driver_parse(int argc, char **argv, const struct driver_option options[], int *proj,
                 const char *operands[], int max_operands)
{
    int i = 1, count = 0;

    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        const struct driver_option *option = find_option(options, argv[i]);

        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help(proj != NULL);
        } else if (strcmp(argv[i], "-p") == 0 && proj != NULL) {
            *proj = (int) driver_number(option_value(argc, argv, &i), 0, 1, MAX_PROJ, "project id");
        } else if (option != NULL && option->flag != NULL) {
            *option->flag = 1;
        } else if (option != NULL) {
            *option->value = option_value(argc, argv, &i);
        } else {
            driver_usage_error("unknown option '%s'", argv[i]);
        }
    }
    for (; i < argc; i++) {
        if (count == max_operands)
            driver_usage_error("unexpected argument '%s'", argv[i]);
        operands[count++] = argv[i];
    }
    return count;
}
