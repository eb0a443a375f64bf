/*
 * crash.c: the test's side of crash records (crash.h): from a record's
 * addresses to "it crashed with SIGSEGV at attach.c:8, in seg_attach".
 *
 * Addresses become places with `addr2line -f -e FILE`, run as the subjects'
 * user within their limits, against the subject's program (for addresses
 * in it) or a system library (for addresses in one, named by its path when
 * that is a file under /usr or /lib, so a forged path reads nothing else).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crash.h"
#include "judge_internal.h"

#define ADDR2LINE "/usr/bin/addr2line"

enum {
    ADDR2LINE_TIMEOUT_MS = 3000,
    ADDR2LINE_OUTPUT_MAX = 16 * 1024,
    NAME_SHOWN_MAX       = 48       /* characters of a function's name in a message */
};

/* One address made a place. */
struct place {
    char function[64];      /* "seg_attach", "??" when unknown */
    char file[64];          /* the source file's base name, "" when unknown */
    char line[12];          /* "8", "" when unknown */
    const char *object;     /* "libc.so.6"; NULL for the subject's program */
    bool placed;            /* addr2line was asked about it */
};

const char *crash_meaning(int sig)
{
    switch (sig) {
    case SIGSEGV: return " (a bad pointer, or a write to read-only memory)";
    case SIGBUS:  return " (memory beyond the end of a segment)";
    case SIGFPE:  return " (an arithmetic error: a division by zero?)";
    case SIGILL:  return " (an illegal instruction: a call through a bad function pointer?)";
    case SIGABRT: return " (abort: a failed assert or a corrupted heap)";
    default:      return "";
    }
}

/* The last component of a path. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* True when path names a regular file of the system's libraries, spelled
 * without "." or ".." components (a record's text is not trusted). */
static bool system_library(const char *path)
{
    struct stat st;
    bool under = strncmp(path, "/usr/", 5) == 0 || strncmp(path, "/lib", 4) == 0;
    return under && strstr(path, "/.") == NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Runs addr2line on `file` for `count` offsets; its output (two lines an
 * offset: function, then file:line) into out. False when it did not run. */
static bool run_addr2line(const char *file, const uint64_t *offsets, int count,
                          char *out, size_t size)
{
    char numbers[CRASH_FRAMES][24];
    const char *argv[CRASH_FRAMES + 5] = { ADDR2LINE, "-f", "-e", file };
    int n = 4;

    for (int i = 0; i < count && i < CRASH_FRAMES; i++) {
        snprintf(numbers[i], sizeof numbers[i], "%#llx", (unsigned long long) offsets[i]);
        argv[n++] = numbers[i];
    }
    argv[n] = NULL;
    if (access(ADDR2LINE, X_OK) != 0)
        return false;
    int capture = open_capture_file();
    struct spawn_fds fds = { -1, capture, -1, { -1, -1, -1 } };
    int status = 0;
    pid_t pid = spawn_unprivileged(argv, &fds, false);
    bool ended = pid > 0 && wait_with_timeout(pid, ADDR2LINE_TIMEOUT_MS, &status, NULL);
    if (pid > 0 && !ended) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    if (ended)
        read_capture(capture, out, size);
    close(capture);
    return ended && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Copies the text of one output line (up to its newline) into dst, keeping
 * printable characters only; returns the start of the next line. */
static const char *take_line(const char *src, char *dst, size_t size)
{
    size_t n = 0;
    for (; *src != '\0' && *src != '\n'; src++)
        if (*src >= ' ' && *src <= '~' && n + 1 < size)
            dst[n++] = *src;
    dst[n] = '\0';
    return *src == '\n' ? src + 1 : src;
}

/* Fills place from one "function\nfile:line\n" pair of addr2line's output;
 * returns where the next pair starts. */
static const char *parse_place(const char *text, struct place *p)
{
    char where[256];
    text = take_line(text, p->function, sizeof p->function);
    text = take_line(text, where, sizeof where);
    char *cut = strstr(where, " (discriminator");
    if (cut != NULL)
        *cut = '\0';
    char *colon = strrchr(where, ':');
    p->file[0] = p->line[0] = '\0';
    if (strcmp(p->function, "??") == 0)     /* no function: a line found would be a variable's */
        p->function[0] = '\0';
    else if (colon != NULL && colon[1] >= '1' && colon[1] <= '9' && strncmp(where, "??", 2) != 0) {
        *colon = '\0';
        snprintf(p->file, sizeof p->file, "%.*s", (int) sizeof p->file - 1, base_name(where));
        snprintf(p->line, sizeof p->line, "%.11s", colon + 1);
    }
    return text;
}

/* The object of the record that holds address a, or -1. */
static int object_of(const struct crash_record *r, uint64_t a)
{
    for (uint32_t j = 0; j < r->objects; j++)
        if (a >= r->object[j].start && a < r->object[j].end)
            return (int) j;
    return -1;
}

/* Symbolises every frame of r that lies in object j (0: the program, in
 * the file `binary`), into places[]. A library's frames are placed in it
 * by name even when addr2line cannot say more (no debugging symbols); the
 * name is the record's only when it is a real system library. */
static void place_object(const struct crash_record *r, uint32_t j, const char *binary,
                         struct place places[CRASH_FRAMES], char *output)
{
    uint64_t offsets[CRASH_FRAMES];
    int index[CRASH_FRAMES], count = 0;
    bool program = j == 0;
    bool known = program || system_library(r->object[j].name);
    const char *file = program ? binary : r->object[j].name;

    for (uint32_t i = 0; i < r->frames; i++) {
        if (object_of(r, r->pc[i]) != (int) j)
            continue;
        /* a return address is just after its call: look one byte back */
        offsets[count] = r->pc[i] - r->object[j].bias - (i > 0 ? 1 : 0);
        index[count++] = (int) i;
    }
    bool found = count > 0 && known &&
                 run_addr2line(file, offsets, count, output, ADDR2LINE_OUTPUT_MAX);
    if (program && !found)
        return;
    const char *text = output;
    for (int k = 0; k < count; k++) {
        struct place *p = &places[index[k]];
        if (found)
            text = parse_place(text, p);
        p->object = program ? NULL : known ? base_name(file) : "an unknown library";
        p->placed = true;
    }
}

/* Reads the record of pid's death by sig into r; false when there is none
 * that fits. Names are made NUL-terminated whatever was written. */
static bool read_record(int fd, pid_t pid, int sig, struct crash_record *r)
{
    if (fd < 0 || pread(fd, r, sizeof *r, 0) != (ssize_t) sizeof *r)
        return false;
    if (r->magic != CRASH_MAGIC || r->pid != pid || r->signal != sig || r->frames == 0 ||
        r->frames > CRASH_FRAMES || r->objects == 0 || r->objects > CRASH_OBJECTS)
        return false;
    for (uint32_t j = 0; j < r->objects; j++)
        r->object[j].name[CRASH_NAME_MAX - 1] = '\0';
    return true;
}

/* The name a student called for a C library function: "memcpy" for
 * "__memcpy_avx_unaligned_erms" (the variant the machine chose), "kill"
 * for "__GI_kill" (glibc's internal alias). */
static const char *called_name(const char *function)
{
    static char name[64];
    if (strncmp(function, "__GI_", 5) == 0)
        return function + 5;
    if (strncmp(function, "__mem", 5) == 0 || strncmp(function, "__str", 5) == 0) {
        snprintf(name, sizeof name, "%s", function + 2);
        name[strcspn(name, "_")] = '\0';
        return name;
    }
    return function;
}

/* Where the crash happened when it was not in the student's file:
 * "memcpy (libc.so.6)", "common_op (subject_main.c:226)", "a function of
 * libc.so.6" (a library without its debugging symbols). */
static const char *where(const struct place *p)
{
    static char text[160];
    if (p->function[0] == '\0')
        snprintf(text, sizeof text, "%s%s", p->object ? "a function of " : "code of the program "
                 "outside any function", p->object ? p->object : "");
    else if (p->object != NULL)
        snprintf(text, sizeof text, "%.*s (%s)", NAME_SHOWN_MAX, called_name(p->function), p->object);
    else if (p->file[0])
        snprintf(text, sizeof text, "%.*s (%s:%s)", NAME_SHOWN_MAX, p->function, p->file, p->line);
    else
        snprintf(text, sizeof text, "%.*s", NAME_SHOWN_MAX, p->function);
    return text;
}

/* The sentence, from the places found: the student's own frame first. */
static void compose(int sig, const struct place *places, uint32_t frames, char *how, size_t size)
{
    const char *signame = sigabbrev_np(sig) ? sigabbrev_np(sig) : "?";
    const struct place *mine = NULL;
    for (uint32_t i = 0; i < frames && mine == NULL; i++)
        if (places[i].file[0] && strcmp(places[i].file, judge_student_file) == 0)
            mine = &places[i];

    if (mine == &places[0])
        snprintf(how, size, "it crashed with SIG%s at %s:%s, in %.*s%s", signame, mine->file,
                 mine->line, NAME_SHOWN_MAX, mine->function, crash_meaning(sig));
    else if (mine != NULL && sig == SIGABRT)
        snprintf(how, size, "it ended with SIG%s raised inside a call made at %s:%s, in %.*s%s",
                 signame, mine->file, mine->line, NAME_SHOWN_MAX, mine->function, crash_meaning(sig));
    else if (mine != NULL)
        snprintf(how, size, "it crashed with SIG%s in %s, called at %s:%s, in %.*s%s", signame,
                 where(&places[0]), mine->file, mine->line, NAME_SHOWN_MAX, mine->function,
                 crash_meaning(sig));
    else if (frames > 1)
        snprintf(how, size, "it crashed with SIG%s in %s, and no call from %s was found on "
                 "its stack%s", signame, where(&places[0]), judge_student_file, crash_meaning(sig));
    else            /* the stack could not be walked from there: say only where */
        snprintf(how, size, "it crashed with SIG%s in %s%s", signame, where(&places[0]),
                 crash_meaning(sig));
}

bool describe_crash(int status, pid_t pid, int record_fd, const char *binary,
                    char *how, size_t size)
{
    static struct crash_record record;
    struct place places[CRASH_FRAMES];

    if (!WIFSIGNALED(status) || crash_meaning(WTERMSIG(status))[0] == '\0' ||
        !read_record(record_fd, pid, WTERMSIG(status), &record))
        return false;
    memset(places, 0, sizeof places);
    char *output = malloc(ADDR2LINE_OUTPUT_MAX);
    if (output == NULL)
        return false;
    /* the program (the student's frames) and the object that crashed: no
     * other library matters, and a forged record reads two files at most */
    int crashed_in = object_of(&record, record.pc[0]);
    place_object(&record, 0, binary, places, output);
    if (crashed_in > 0)
        place_object(&record, (uint32_t) crashed_in, binary, places, output);
    free(output);
    if (!places[0].placed)                  /* not even the faulting address was looked up */
        return false;
    compose(WTERMSIG(status), places, record.frames, how, size);
    return true;
}
