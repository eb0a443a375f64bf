/*
 * driver.h: what the labs' command-line programs (shmcreate, shmsize, ...,
 * ring-consumer) share, so that they read their command lines, find their
 * keys and report errors the same way:
 *
 * - the command line: options first (-p PROJ and --help for every program,
 *   then the program's own), then the operands; `--` or the first word that
 *   is not an option ends the options, so an operand may start with '-'
 *   (a negative number, a text);
 * - numbers: one parser, with a range, for every number of a command line;
 * - keys: ftok(KEYFILE, PROJ), PROJ DRIVER_DEFAULT_PROJ unless -p says
 *   otherwise, or a number (shmrm -M KEY);
 * - errors: one line on stderr, "NAME: what failed: strerror(errno)", and
 *   exit status 1 when a call failed, 2 for a usage error ("; try --help").
 *
 * These are kit files: a student edits none of them.
 */
#ifndef DRIVER_H
#define DRIVER_H

#include <stdio.h>
#include <sys/types.h>

/* The project id every program of the kit gives ftok unless told otherwise,
 * so that all of them find the same segment from the same key file. */
#define DRIVER_DEFAULT_PROJ 1

/* One option of a program beyond -p PROJ and --help: a flag ("--hold"),
 * which sets *flag to 1, or an option with a value ("-m MODE"), which
 * stores the next argument in *value. Exactly one of flag and value is set.
 * A table of them ends with an entry whose name is NULL. */
struct driver_option {
    const char  *name;
    int         *flag;
    const char **value;
};

/* Names the program in every message ("NAME: ...") and gives the help that
 * --help prints: `help` holds the usage lines and the program's own
 * options; the lines of -p PROJ (when driver_parse takes it) and --help
 * follow it. Call it first. */
void driver_start(const char *name, const char *help);

/* Reads the command line argv[1 .. argc - 1]. --help or -h prints the help
 * and exits with status 0. -p PROJ stores the project id (1 to 255) in
 * *proj; a program without keys passes proj NULL, and may then have a -p
 * of its own. The options of the `options` table (NULL: none) do what it
 * says. Then stores the operands in operands[0 ..] and returns how many
 * there are. Exits with a usage error for an unknown option, an option
 * without its value, or more than max_operands operands. */
int driver_parse(int argc, char **argv, const struct driver_option options[], int *proj,
                 const char *operands[], int max_operands);

/* Returns `text` as a whole number from min to max, written in `base` (8:
 * octal; 10: decimal; 0: 0x.. hexadecimal, 0.. octal, else decimal).
 * Anything else, trailing characters included, ends the program with a
 * usage error that names `what` and the range. */
long long driver_number(const char *text, int base, long long min, long long max,
                        const char *what);

/* Returns the key that make_key (ftok, or lab 01's seg_key) makes of path and
 * proj. When it fails, ends the program with status 1 and
 * "NAME: cannot make a key from PATH: strerror(errno)". */
key_t driver_key(key_t (*make_key)(const char *path, int proj), const char *path, int proj);

/* Returns the key written in `text` (0x.. or decimal, 1 to 0xffffffff:
 * never IPC_PRIVATE), or ends the program with a usage error. */
key_t driver_numeric_key(const char *text);

/* Prints "NAME: " and the message of `format`, then ": strerror(err)" when
 * err is not 0, as one line on stderr. Returns; errno is unchanged. */
void driver_warn(int err, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Prints "NAME: message: strerror(errno)", errno as it was at the call, and
 * ends the program with status 1: a call failed. */
_Noreturn void driver_fail(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Prints "NAME: message; try --help" and ends the program with status 2:
 * the command line is wrong. */
_Noreturn void driver_usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
