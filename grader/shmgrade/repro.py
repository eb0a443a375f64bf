"""grader/repro: one test's calls as a small C program to run and debug.

It grades one test of a submission with the call log on (calllog.py), then
writes labs/NN-topic/repro/N.M.c: a program that makes the same calls in
the same order, the test's fixtures included, printing each call and its
result (the value, errno by name), and N.M.gdb, which stops gdb at the call
where the test failed. mk/repro.mk builds them (`make repro`, `make debug`)
against the student's own file.

What each call means in C comes from the lab itself: the expression of each
call in its call list (tests/BASE_calls.h, read through the C preprocessor),
and the common operations of harness/rpc.h as subject_main.c performs them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from . import calllog, kit, labrun, sandbox
from .calllog import CallEvent

REPRO_FOLDER = "repro"
CALL_LIMIT_S = 3            # as long as a call may take in a test (harness/subject.c)

# The common operations of harness/rpc.h, as harness/subject_main.c performs
# them (the helpers are in SUPPORT below); None: left out of a repro.
# common_ops() numbers them as rpc.h does.
COMMON_OPS: dict[str, str | None] = {
    "OP_PEEK": "peek(ARG_PTR(0))",
    "OP_POKE": "poke(ARG_PTR(0), (int) ARG(1))",
    "OP_CATCH": "catch_signal((int) ARG(0))",
    "OP_CAUGHT": "signals_caught()",
    "OP_FORK_HOLD": "fork_hold()",
    "OP_READ_MEM": "read_mem(ARG_PTR(0), (size_t) ARG(1))",
    "OP_WRITE_MEM": "write_mem(ARG_PTR(0), REQ_DATA, REQ_LEN)",
    "OP_EXIT": None,
    "OP_EXEC_SELF": None,
}

# Casts in a call expression after which a value is never an id or address
# returned earlier (a key, a size, a count).
NOT_LINKED_CASTS = ("key_t", "size_t", "unsigned", "uint32_t", "uintptr_t")
C_LITERAL = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$|^'.*'$")
ARG_USE = re.compile(r"(\(\s*([a-z_0-9 ]+)\s*\)\s*)?\b(ARG_PTR|ARG)\((\d)\)")


class ReproError(Exception):
    """Why no repro could be made, in one line for a person."""


def common_ops() -> dict[int, str]:
    """{number: name} of the common operations, from harness/rpc.h's enum
    ("OP_PEEK = -1,")."""
    rpc = Path(kit.KIT, "harness", "rpc.h").read_text()
    return {int(number): name for name, number in re.findall(r"\b(OP_[A-Z_]+)\s*=\s*(-\d+)", rpc)}


PROTOTYPE = re.compile(r"\b(\w+)\s*\(([^()]*)\)\s*;")
# System V calls whose first argument is an id (the others are in the lab's header).
SYSV_ID_FIRST = ("shmat", "shmctl", "semop", "semtimedop", "semctl")


def parameter_names(lab: kit.Lab) -> dict[str, list[str]]:
    """{function: its parameters' names} from the prototypes of the lab's
    header (create.h: "int seg_create(key_t key, size_t size, int mode);"),
    plus the System V calls whose first argument is an id."""
    header = Path(lab.directory, lab.student[:-2] + ".h").read_text()
    header = re.sub(r"/\*.*?\*/", " ", header, flags=re.S)
    names = {fn: [re.sub(r"[^\w]", "", p.split()[-1]) if p.split() else "" for p in params.split(",")]
             for fn, params in PROTOTYPE.findall(header)}
    return names | {fn: ["id"] for fn in SYSV_ID_FIRST}


def argument_of(expression: str, use: int) -> tuple[str, int]:
    """The function whose top-level argument holds the text at offset `use`
    of a call expression, and that argument's place: ("seg_attach", 1) for
    ARG(1) in "seg_attach((int) ARG(0), (int) ARG(1))"; ("", -1) if none."""
    m = re.match(r"\s*(\w+)\s*\(", expression)
    if m is None or use < m.end():
        return "", -1
    return m.group(1), len(calllog.split_args(expression[m.end():use] + "x")) - 1


def lab_calls(lab: kit.Lab) -> dict[str, str]:
    """{call name: its C expression} from the lab's call list, as the C
    preprocessor reads it (ARG(i), ARG_PTR(i), REQ_DATA, OUT_DATA inside)."""
    header = f"{lab.student[:-2]}_calls.h"
    program = (f'#include "{header}"\n'
               "#define REPRO_CALL(name, expr) [#name, #expr],\n"
               "shmlabs_repro_calls = [ LAB_CALLS(REPRO_CALL) null ]\n")
    argv = ["cc", "-E", "-P", "-std=c11", "-D_DEFAULT_SOURCE",
            "-I", lab.directory, "-I", os.path.join(lab.directory, "tests"),
            "-I", os.path.join(kit.KIT, "harness"), "-"]
    done = subprocess.run(argv, input=program, capture_output=True, text=True, check=False)
    _, marker, listed = done.stdout.rpartition("shmlabs_repro_calls = ")
    if done.returncode != 0 or not marker:
        said = done.stderr.strip().splitlines()
        raise ReproError(f"cannot read the call list {header} of {lab.name}: "
                         f"{said[-1] if said else 'it defines no LAB_CALLS'}")
    pairs = json.loads(listed)[:-1]
    return {str(name): str(expr) for name, expr in pairs}


def run_tests(lab: kit.Lab, numbers: list[str] | None, submission: Path) -> labrun.LabResult:
    """Grades the tests `numbers` of `lab` (None: all) for `submission`
    with the call log on."""
    sandbox.VERBOSE = True
    mode = sandbox.detect_mode()
    kit.build_kit([lab])
    unknown = set(numbers or []) - {t.number for t in lab.tests}
    if unknown:
        raise ReproError(f"no test {', '.join(sorted(unknown))} in {lab.name}: the lab's README lists its tests")
    return labrun.grade_lab(mode, lab, submission, 0, numbers)


def c_string(data: bytes) -> str:
    """data as a C string literal (without the NUL that ends the array):
    printable ASCII as it is, other bytes as three-digit octal escapes."""
    def char(b: int) -> str:
        c = chr(b)
        if c in "\"\\?":
            return "\\" + c
        return c if 0x20 <= b < 0x7f else f"\\{b:03o}"
    return '"' + "".join(char(b) for b in data) + '"'


def path_in(data: bytes) -> str | None:
    """The file name at the end of data when data is an absolute path (a
    NUL-terminated C string), else None."""
    text, nul, _ = data.partition(b"\0")
    if not nul or not text.startswith(b"/") or not text.isascii() or not text.decode().isprintable():
        return None
    return os.path.basename(text.decode())


@dataclass
class Statement:
    """One call of the program: its C, and what the test saw of it."""
    event: CallEvent
    expression: str             # the C of the call, values written in
    variable: str = ""          # the variable that keeps its result, "" when none
    concurrent: bool = False    # ran while later calls did: in a child process
    left_out: str = ""          # why it is not made, "" when it is
    takes_key: bool = False     # it turns a key into an id (the only calls whose ids others use)
    setup: list[str] = field(default_factory=list)   # lines before it (its buffers)


class Generator:
    """Turns one test's call events into the C of a repro."""

    def __init__(self, lab: kit.Lab, events: list[CallEvent]) -> None:
        self.lab = lab
        self.expressions = lab_calls(lab)
        self.ops = {i + 1: name for i, name in enumerate(self.expressions)} | common_ops()
        self.parameters = parameter_names(lab)
        self.done = events                                   # in the order they ended
        self.started = sorted(events, key=lambda e: e.order)
        self.producers: list[Statement] = []                 # calls whose value later calls may use
        self.names: dict[str, int] = {}

    def concurrent(self, e: CallEvent) -> bool:
        """True when other calls started while e ran (it blocked, or the
        test let it run on purpose), or the test stopped it unfinished."""
        stopped = not e.returned and "the test stopped it" in e.how
        return stopped or any(e.order < f.order < e.ended for f in self.done)

    def expression_of(self, e: CallEvent) -> str | None:
        """The C of e's call with ARG(i) and the like still in, or None
        when it is left out."""
        if e.subject == 0:
            return e.expression
        name = self.ops.get(e.op, "")
        if name in COMMON_OPS:
            return COMMON_OPS[name]
        if name not in self.expressions:
            raise ReproError(f"the test made operation {e.op} ({e.call}), which neither "
                             f"{self.lab.name}'s call list nor harness/rpc.h has")
        return self.expressions[name]

    def is_id(self, function: str, place: int) -> bool:
        """True when parameter `place` of `function` is an id (its name in
        the lab's header says so: shmid, semid)."""
        names = self.parameters.get(function, [])
        return 0 <= place < len(names) and names[place].endswith("id")

    def value_text(self, e: CallEvent, i: int, cast: str, pointer: bool, function: str, place: int) -> str:
        """Argument i of e in C, parameter `place` of `function`: a variable
        that holds the value an earlier call returned when the test passed
        that value on (an address, or an id that a call made from a key);
        else a constant."""
        value = e.values[i] if i < len(e.values) else 0
        args = e.args
        source = args[i] if i < len(args) else ""
        linkable = (cast.strip() not in NOT_LINKED_CASTS and value != -1 and
                    (pointer and value != 0 or self.is_id(function, place) and not C_LITERAL.match(source)))
        if linkable:
            for s in reversed(self.producers):
                if s.event.ret == value and (pointer or s.takes_key):
                    if not s.variable:
                        s.variable = self.name_for(s.event)
                    return s.variable
        if cast.strip() == "key_t":
            return "IPC_PRIVATE" if value == 0 else f"{value & 0xffffffff:#x}"
        if pointer:
            return f"{value:#x}"
        return calllog.show_value(value, source)

    def name_for(self, e: CallEvent) -> str:
        """A fresh variable name for the value call e returned: shmget_1 ..."""
        base = (e.call if e.subject == 0 else self.ops.get(e.op, "value")).lower()
        base = base.removeprefix("op_").removeprefix("kit_")
        self.names[base] = self.names.get(base, 0) + 1
        return f"{base}_{self.names[base]}"

    def statement(self, e: CallEvent) -> Statement:
        """The statement of call e, its values written in."""
        template = self.expression_of(e)
        if template is None:
            what = "exited" if self.ops.get(e.op) == "OP_EXIT" else "started its program anew (exec)"
            return Statement(e, "", left_out=f"subject {e.subject} {what} here: its attachments went "
                                             "with it; this program keeps them.")
        s = Statement(e, "", concurrent=self.concurrent(e), takes_key="(key_t)" in template)
        call = template

        def substitute(m: re.Match[str]) -> str:
            cast, kind, i = m.group(1) or "", m.group(2) or "", int(m.group(4))
            value = self.value_text(e, i, kind, m.group(3) == "ARG_PTR", *argument_of(call, m.start()))
            if m.group(3) == "ARG_PTR":
                return f"{cast}(void *) (intptr_t) {value}"
            return f"{cast}{value}"

        text = ARG_USE.sub(substitute, template)
        if "REQ_DATA" in text or "REQ_LEN" in text:
            name = path_in(e.data)
            buffer = f"{'data' if name is None else 'path'}_{e.order}"
            if name is not None:
                s.setup.append(f'const char *{buffer} = repro_path("{name}", {int(e.data_file)});'
                               + ("" if e.data_file else "   /* a path that does not exist */"))
            else:
                s.setup.append(f"static char {buffer}[] = {c_string(e.data)};")
            text = text.replace("REQ_DATA", buffer).replace("REQ_LEN", f"(sizeof {buffer} - 1)")
        s.expression = text.replace("OUT_DATA", "out_data")
        return s

    def build(self) -> list[Statement]:
        """The statements, in the order the test started the calls."""
        statements = []
        for e in self.started:
            s = self.statement(e)
            statements.append(s)
            if e.returned and not s.concurrent and not s.left_out:
                self.producers.append(s)
        return statements


def failing_event(events: list[CallEvent], message: str) -> CallEvent | None:
    """The call where the test failed: the last call its message names, else
    the last call it made; None when it made none."""
    named = [e for e in events if re.search(rf"\b{re.escape(e.call)}\(", message)]
    return named[-1] if named else (events[-1] if events else None)


def left_out_notes(events: list[CallEvent], statements: list[Statement]) -> list[str]:
    """What the program does not reproduce of this test, one note each."""
    notes = ["the test's own checks: it judged each result and the kernel's records (IPC_STAT) "
             "itself; here you see the calls and their results, and compare."]
    subjects = {e.subject for e in events if e.subject != 0}
    if len(subjects) > 1:
        notes.append(f"the test ran its calls in {len(subjects)} processes (subjects 1 to {max(subjects)}); "
                     "here they run in this one, except the calls that ran while others did, "
                     "each in a child process of its own.")
    if subjects:
        notes.append("a subject that finished let go of its attachments at its exit; here they stay "
                     "until this program ends.")
    if any(e.subject == 0 for e in events):
        notes.append("the calls of 'the test' were made by the test process as the grader's user, "
                     "yours as another user: here one user makes them all, so permissions "
                     "(EACCES, EPERM) may differ.")
    notes += [s.left_out for s in statements if s.left_out]
    notes.append("signals the test sent (kill) and the lab's programs it ran are not in the call log.")
    return notes


def comment(lines: list[str], indent: str = "") -> list[str]:
    """A C block comment of the given lines (never closing early)."""
    body = [f"{indent} * {line.replace('*/', '* /')}".rstrip() for line in lines]
    return [f"{indent}/*"] + body + [f"{indent} */"]


@dataclass
class Repro:
    """A generated program: its text, and the line of the failing call."""
    source: str
    break_line: int
    break_call: str
    made: int                   # the calls it makes (the others are left out)


def generate(lab: kit.Lab, number: str, result: labrun.LabResult) -> Repro:
    """The C of the repro of test `number` from its graded result."""
    test = next(t for t in lab.tests if t.number == number)
    events = [e for e in result.log if e.test == number]
    outcome = next((r for r in result.results if r.test.number == number), None)
    message = outcome.message if outcome and not outcome.passed else ""
    verdict = (f"failed: {message}" if message else
               "passed." if outcome else f"was not run: {result.problem or 'see grader/grade'}")
    generator = Generator(lab, events)
    statements = generator.build()
    failing = failing_event(events, message) if message else None
    head = [f"{number}.c: test {number} of {lab.name}, \"{test.title}\",",
            f"replayed from the calls it made against {lab.student}; the test {verdict}", "",
            "Each call is printed with its result: the value, and errno by name. A comment",
            "above it says what the test saw. Generated by `make repro`: do not edit;",
            "`make debug` runs it in gdb, stopped at the call where the test failed.", "",
            "Left out:"] + [f"- {n}" for n in left_out_notes(events, statements)]
    if not events:
        head += ["", "This test made no call in your code that the call log records: it runs the",
                 "lab's programs, or looks only at the kernel. There is nothing to replay."]
    lines = comment([wrapped for line in head for wrapped in textwrap.wrap(line, 88, subsequent_indent="  "
                                                                       if line.startswith("- ") else "")
                     or [""]]) + [
        "#define _GNU_SOURCE",
        "#include \"repro_support.h\"",
        "",
        "/* The lab's calls (and the kit's helpers for its tests), as the grader makes them. */",
        f"#include \"{lab.student[:-2]}_calls.h\"",
        "",
        "int main(void)",
        "{",
        "    repro_begin();",
    ]
    by_order = {s.event.order: s for s in statements}
    break_line, break_call = 0, ""
    waiting = list(statements)           # not written yet, in the order they started
    for ended in events:                 # in the order they ended
        while waiting and waiting[0].event.order <= ended.ended:    # started before it ended
            s = waiting.pop(0)
            chunk = _statement_lines(s)
            calls = [i for i, line in enumerate(chunk) if "repro_fork(" in line or "CALL(" in line]
            if s.event is failing and calls:
                break_line, break_call = len(lines) + calls[0] + 1, _shown_call(s.event)
            lines += chunk
        s = by_order[ended.order]
        if s.concurrent and ended.returned:
            lines.append(f"    repro_await(call_{ended.order});   /* where it ended in the test */")
    if break_line == 0:
        break_line, break_call = len(lines) + 2, "the end"
    lines += ["", "    return repro_end();", "}", ""]
    return Repro("\n".join(lines), break_line, break_call, sum(1 for s in statements if not s.left_out))


def _shown_call(e: CallEvent) -> str:
    """A call as the test's source writes it ("seg_create(key, 100, 0640)")."""
    return f"{e.call}({e.source})" if e.subject else calllog.fill(e.expression, e.values)


def _comment_lines(text: str) -> list[str]:
    """A comment in main's body, wrapped at the program's width."""
    wrapped = textwrap.wrap(text.replace("*/", "* /"), 88)
    if len(wrapped) == 1:
        return [f"    /* {wrapped[0]} */"]
    return ["    /*"] + [f"     * {line}" for line in wrapped] + ["     */"]


def _statement_lines(s: Statement) -> list[str]:
    """The lines of one call: a comment on what the test saw, its buffers,
    and the call (in a child process of its own when it ran while others did)."""
    e = s.event
    who = "the test" if e.subject == 0 else f"subject {e.subject}"
    if s.left_out:
        return [""] + _comment_lines(f"{who}: {e.call}: left out: {s.left_out}")
    saw = (f"returned {calllog.show_value(e.ret)}, errno {e.errno}" if e.returned
           else f"did not return: {e.how}")
    lines = [""] + _comment_lines(f"{who}: {_shown_call(e)}; in the test it {saw}")
    lines += [f"    {line}" for line in s.setup]
    if s.concurrent:
        return lines + [f"    pid_t call_{e.order} = repro_fork(\"{who}\");   /* it ran while the next calls did */",
                        f"    if (call_{e.order} == 0)",
                        f"        repro_exit(CALL({s.expression}));"]
    if s.variable:
        lines.append(f"    int64_t {s.variable} = CALL({s.expression});")
    else:
        lines.append(f"    CALL({s.expression});")
    if "out_data" in s.expression:
        lines.append("    repro_show_out();")
    return lines


SUPPORT = r'''/*
 * repro_support.h: what every program of `make repro` uses: printing each
 * call and its result, a time limit on each call (none under a debugger),
 * a private IPC namespace when one can be had (REPRO_SHARED_IPC=1 in the
 * environment: the machine's), and removal at exit of every System V object
 * and file the program made. Generated by grader/repro.
 */
#ifndef REPRO_SUPPORT_H
#define REPRO_SUPPORT_H

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { CALL_LIMIT_S = @LIMIT@, MAX_OBJECTS = 1024, MAX_CHILDREN = 64, MAX_FILES = 16 };

/* Makes one call: starts the clock, clears errno, calls, prints the call
 * and what came back (a crash or a hang prints the call too). Its value is
 * the call's, as an integer (int64_t). */
#define CALL(expr) (call_begins(#expr), call_ends((int64_t) (intptr_t) (expr)))

static char out_data[1024];           /* OUT_DATA: what a call copies out */
static int64_t last_result;
static volatile sig_atomic_t caught_signals;
static int traced;                    /* under gdb: no time limits */
static char temp_dir[64];
static char temp_files[MAX_FILES][128];
static int n_temp_files;
static pid_t children[MAX_CHILDREN];  /* 0 once reaped */
static int stopped[MAX_CHILDREN];     /* the child stopped itself (SIGSTOP) and waits */
static int n_children;
static int shm_before[MAX_OBJECTS], sem_before[MAX_OBJECTS], n_shm_before = -1, n_sem_before = -1;
static const char *current_call = "";
static char child_label[64];          /* in a child of repro_fork: "[subject 2, child 123] " */

static inline void continue_stopped(void);

/* semctl's fourth argument (semctl(2): the caller defines it). */
union repro_semun { int val; struct semid_ds *buf; unsigned short *array; struct seminfo *info; };

static inline void call_begins(const char *text)
{
    current_call = text;
    if (!child_label[0])
        continue_stopped();
    if (child_label[0])
        printf("%s%s: started\n", child_label, text);
    if (!traced)
        alarm(CALL_LIMIT_S);
    errno = 0;
}

static inline int64_t call_ends(int64_t value)
{
    int err = errno;
    alarm(0);
    const char *name = err ? strerrorname_np(err) : "0";
    printf("%s%s", child_label, current_call);
    if (value > -4096 && value < 4096)
        printf(" -> %lld, errno %s\n", (long long) value, name ? name : "?");
    else
        printf(" -> %#llx, errno %s\n", (unsigned long long) value, name ? name : "?");
    fflush(stdout);
    last_result = value;
    errno = err;
    return value;
}

/* The ids of the objects of one kind that exist now (SHM_STAT_ANY, SEM_STAT_ANY). */
static inline int list_objects(int sem, int *ids, int max)
{
    struct shmid_ds shm;
    struct semid_ds set;
    struct seminfo info;
    union repro_semun arg = { .buf = &set }, info_arg = { .info = &info };
    int n = 0;
    int last = sem ? semctl(0, 0, SEM_INFO, info_arg) : shmctl(0, SHM_INFO, &shm);   /* highest index */
    for (int index = 0; index <= last && n < max; index++) {
        int id = sem ? semctl(index, 0, SEM_STAT_ANY, arg) : shmctl(index, SHM_STAT_ANY, &shm);
        if (id >= 0)
            ids[n++] = id;
    }
    return n;
}

static inline int existed(int id, const int *ids, int n)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

/* Removes what this program made: its children, its files, and the System
 * V objects that did not exist when it started. Async-signal-safe enough
 * for the handlers below: system calls only. */
static inline void clean_up(void)
{
    int ids[MAX_OBJECTS];
    for (int i = 0; i < n_children; i++)
        if (children[i] > 0) {
            kill(children[i], SIGKILL);
            waitpid(children[i], NULL, 0);
        }
    n_children = 0;
    if (n_shm_before >= 0) {
        int n = list_objects(0, ids, MAX_OBJECTS);
        for (int i = 0; i < n; i++)
            if (!existed(ids[i], shm_before, n_shm_before))
                shmctl(ids[i], IPC_RMID, NULL);
        n = list_objects(1, ids, MAX_OBJECTS);
        for (int i = 0; i < n; i++)
            if (!existed(ids[i], sem_before, n_sem_before))
                semctl(ids[i], 0, IPC_RMID);
        n_shm_before = n_sem_before = -1;
    }
    for (int i = 0; i < n_temp_files; i++)
        unlink(temp_files[i]);
    n_temp_files = 0;
    if (temp_dir[0])
        rmdir(temp_dir);
    temp_dir[0] = '\0';
}

static inline void on_signal(int sig)
{
    if (sig == SIGALRM)
        printf("%s%s -> did not return within %d s: blocked, or a loop that never ends\n",
               child_label, current_call, CALL_LIMIT_S);
    else
        printf("%s%s -> %s\n", child_label, current_call, strsignal(sig));
    fflush(stdout);
    clean_up();
    if (sig == SIGALRM)
        _exit(124);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Writes text to the file at path (for a user namespace's maps). */
static inline int write_text(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    int ok = fd != -1 && write(fd, text, strlen(text)) == (ssize_t) strlen(text);
    if (fd != -1)
        close(fd);
    return ok;
}

/* Moves this program into an IPC namespace of its own, where no other
 * program's objects or keys exist; says where it runs. */
static inline void private_ipc(void)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    char map[64];
    if (getenv("REPRO_SHARED_IPC") != NULL) {     /* for tests of the clean-up */
        printf("(in the machine's IPC namespace, as REPRO_SHARED_IPC asks)\n");
        return;
    }
    if (unshare(CLONE_NEWIPC) == 0) {
        printf("(in a private IPC namespace)\n");
        return;
    }
    if (unshare(CLONE_NEWUSER | CLONE_NEWIPC) == 0) {
        snprintf(map, sizeof map, "0 %u 1", (unsigned) uid);
        int ok = write_text("/proc/self/setgroups", "deny") && write_text("/proc/self/uid_map", map);
        snprintf(map, sizeof map, "0 %u 1", (unsigned) gid);
        if (ok && write_text("/proc/self/gid_map", map)) {
            printf("(in a private IPC namespace, as root of a user namespace of its own)\n");
            return;
        }
    }
    printf("(in the machine's IPC namespace: no private one could be made, so objects of the "
           "same keys may exist already)\n");
}

/* True when a debugger traces this process. */
static inline int under_debugger(void)
{
    char line[128];
    int tracer = 0;
    FILE *f = fopen("/proc/self/status", "re");
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "TracerPid: %d", &tracer) == 1)
            break;
    if (f != NULL)
        fclose(f);
    return tracer != 0;
}

static inline void repro_begin(void)
{
    static const int fatal[] = { SIGALRM, SIGINT, SIGTERM, SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGILL };
    setvbuf(stdout, NULL, _IOLBF, 0);
    traced = under_debugger();
    private_ipc();
    n_shm_before = list_objects(0, shm_before, MAX_OBJECTS);
    n_sem_before = list_objects(1, sem_before, MAX_OBJECTS);
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        signal(fatal[i], on_signal);
    atexit(clean_up);
}

static inline int repro_end(void)
{
    clean_up();
    return 0;
}

/* A path for a file the test used, in this program's own folder; the file
 * is made when `make_it` (the test had made it). */
static inline const char *repro_path(const char *name, int make_it)
{
    static char paths[MAX_FILES][128];
    static int next;
    if (temp_dir[0] == '\0') {
        snprintf(temp_dir, sizeof temp_dir, "/tmp/repro-XXXXXX");
        if (mkdtemp(temp_dir) == NULL)
            temp_dir[0] = '\0';
    }
    char *path = paths[next++ % MAX_FILES];
    snprintf(path, sizeof paths[0], "%s/%s", temp_dir, name);
    if (make_it && n_temp_files < MAX_FILES) {
        int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        if (fd != -1)
            close(fd);
        snprintf(temp_files[n_temp_files++], sizeof temp_files[0], "%s", path);
    }
    return path;
}

/* Continues the children that stopped themselves (the kit's paused calls
 * raise SIGSTOP), as the test continues them with SIGCONT before the calls
 * that wait for them can end. */
static inline void continue_stopped(void)
{
    for (int i = 0; i < n_children; i++)
        if (stopped[i]) {
            printf("(child %d stopped itself: continued with SIGCONT, as the test does)\n", (int) children[i]);
            stopped[i] = 0;
            kill(children[i], SIGCONT);
        }
}

/* Waits up to ms milliseconds (-1: for ever) for child i to end or stop
 * itself; notes which. Returns 1 when it ended. */
static inline int watch_child(int i, int ms)
{
    int status;
    for (int waited = 0; children[i] > 0 && (ms < 0 || waited <= ms); waited += 5) {
        pid_t got = waitpid(children[i], &status, WNOHANG | WUNTRACED);
        if (got == children[i] && WIFSTOPPED(status)) {
            stopped[i] = 1;
            return 0;
        }
        if (got != 0) {
            children[i] = 0;
            return 1;
        }
        usleep(5000);
    }
    return children[i] == 0;
}

/* Starts a child process for a call that ran while others did, and gives
 * it a moment to get going (to block, or to stop itself) as the test did. */
static inline pid_t repro_fork(const char *who)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        n_children = n_temp_files = 0;
        n_shm_before = n_sem_before = -1;      /* the parent removes what is left */
        temp_dir[0] = '\0';
        snprintf(child_label, sizeof child_label, "[%s, child %d] ", who, (int) getpid());
    } else if (pid > 0 && n_children < MAX_CHILDREN) {
        stopped[n_children] = 0;
        children[n_children++] = pid;
        watch_child(n_children - 1, 200);
    }
    return pid;
}

static inline void repro_exit(int64_t value)
{
    (void) value;
    fflush(stdout);
    _exit(0);
}

/* Waits (at most CALL_LIMIT_S + 1 seconds, unless debugged) for the call
 * of a child of repro_fork to end, continuing the stopped ones first. */
static inline void repro_await(pid_t pid)
{
    continue_stopped();
    for (int i = 0; i < n_children; i++)
        if (children[i] == pid && pid > 0 && !watch_child(i, traced ? -1 : (CALL_LIMIT_S + 1) * 1000)) {
            printf("(the call in child %d did not end within %d s: killed)\n", (int) pid, CALL_LIMIT_S + 1);
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            children[i] = 0;
        }
}

/* What the last call copied out (OUT_DATA), when it returned a length. */
static inline void repro_show_out(void)
{
    if (last_result > 0)
        printf("    out: \"%.*s\"\n", (int) (last_result < 1024 ? last_result : 1024), out_data);
}

/* The common operations of harness/rpc.h, as subject_main.c does them. */
static inline int peek(void *addr)
{
    return *(volatile unsigned char *) addr;
}

static inline int poke(void *addr, int byte)
{
    *(volatile unsigned char *) addr = (unsigned char) byte;
    return 0;
}

static inline void count_signal(int sig)
{
    (void) sig;
    caught_signals++;
}

static inline int catch_signal(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = count_signal;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

static inline int signals_caught(void)
{
    return caught_signals;
}

static inline pid_t fork_hold(void)
{
    pid_t pid = fork();
    if (pid == 0)
        for (;;)
            pause();
    if (pid > 0 && n_children < MAX_CHILDREN)
        children[n_children++] = pid;
    return pid;
}

static inline int read_mem(void *addr, size_t n)
{
    memcpy(out_data, addr, n < sizeof out_data ? n : sizeof out_data);
    last_result = (int64_t) n;
    repro_show_out();
    return 0;
}

static inline int write_mem(void *addr, const void *data, size_t n)
{
    memcpy(addr, data, n);
    return 0;
}

#endif
'''


def write_repro(folder: Path, lab: kit.Lab, number: str, result: labrun.LabResult) -> Repro:
    """Writes the repro of test `number` from its graded result into folder:
    N.M.c, N.M.gdb (gdb's commands to stop at the failing call) and
    repro_support.h."""
    repro = generate(lab, number, result)
    folder.mkdir(exist_ok=True)
    (folder / "repro_support.h").write_text(SUPPORT.replace("@LIMIT@", str(CALL_LIMIT_S)))
    (folder / f"{number}.c").write_text(repro.source)
    (folder / f"{number}.gdb").write_text(
        "set breakpoint pending on\n"
        "skip function call_begins\nskip function call_ends\n"
        f"break {number}.c:{repro.break_line}\n"
        "run\n")
    return repro


def write(lab: kit.Lab, number: str, submission: Path | None) -> tuple[Path, Repro]:
    """Grades test `number` of the student file in `submission` (by default
    labs/) and writes its repro in the lab's repro/ folder, with a copy of
    the student file graded when it came from `submission`. Returns the
    program's path and what was generated."""
    folder = Path(lab.directory, REPRO_FOLDER)
    result = run_tests(lab, [number], submission or Path(kit.KIT, "labs"))
    if result.problem:
        raise ReproError(f"{lab.name}: {result.problem} (grader/grade --test {number} says more)")
    repro = write_repro(folder, lab, number, result)
    if submission is not None:
        source, _, problem = labrun.find_student_file(submission, lab)
        if source is None:
            raise ReproError(problem)
        (folder / lab.student).write_bytes(source)
    return folder / f"{number}.c", repro


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line of grader/repro."""
    p = argparse.ArgumentParser(
        prog="grader/repro",
        description="Grades one test with the call log on and writes labs/LAB/repro/N.M.c: the calls "
                    "the test made in your code, its fixtures included, as a small C program that "
                    "prints each call and its result; and N.M.gdb, which stops gdb at the call where "
                    "the test failed. `make repro LAB=L T=N.M` builds it, `make debug` runs it in gdb.",
        epilog="exit status: 0 written, 2 it could not be (one line says why).")
    p.add_argument("--lab", required=True, help="the lab: 01-create, 01 or create")
    p.add_argument("--test", required=True, metavar="N.M", help="the test, as the lab's README numbers it")
    p.add_argument("--submission", metavar="DIR",
                   help="grade the student file found here (as grader/grade does); by default labs/")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    """grader/repro: prints where the program is and returns 0, or one line
    and 2."""
    args = parse_args(argv)
    try:
        submission = Path(args.submission) if args.submission else None
        if submission is not None and not submission.exists():
            raise ReproError(f"submission {submission}: no such file or folder")
        labs = kit.select_labs(kit.discover_labs(), [args.lab])
        if len(labs) != 1:
            raise ReproError(f"--lab {args.lab} names {len(labs)} labs: name one")
        program, repro = write(labs[0], args.test, submission)
    except (ReproError, kit.GraderError) as e:
        print(f"grader/repro: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        sandbox.stop_all()
        print("grader/repro: interrupted", file=sys.stderr)
        return 2
    print(f"grader/repro: wrote {os.path.relpath(program)}; the test's call to stop at: "
          f"{repro.break_call} (line {repro.break_line})")
    return 0
