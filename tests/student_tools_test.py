#!/usr/bin/env python3
"""The student's loop, tried as a student would (`make test-student-tools`):

- `make grade` and a lab's `make test` end with the grader's own exit status
  (0 full marks, 1 points lost) and never add make's `*** Error` line;
- `make watch` grades once, grades again when the lab's file is saved, and
  leaves no process behind when stopped;
- on a terminal, a call running for over a second is named on a live line;
- compile_commands.json gives editors the kit's own compile commands.

Ends with the line `N passed, N failed`; exit status 1 if anything failed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from verdicts import Tally

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT / "grader"))
from shmgrade import kit  # noqa: E402
tally = Tally()


def make(*args: str, cwd: Path = KIT) -> subprocess.CompletedProcess[str]:
    """Runs make quietly as a student would; never raises."""
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=300)


def check_quiet_make(submissions: Path) -> None:
    """make grade / make test: the grader's status, and no make error line."""
    wrong = submissions / "wrong"
    (wrong / "01-create").mkdir(parents=True)
    shutil.copy(KIT / "tests" / "wrong" / "01-create" / "id-zero.c", wrong / "01-create" / "create.c")
    cases = [
        ("make grade, full marks", make("grade", "LAB=01-create", f"SUBMISSION={KIT / 'solutions'}"), 0),
        ("make grade, points lost", make("grade", "LAB=01-create", f"SUBMISSION={wrong}"), 1),
        ("make test T= in the lab's folder, skeleton", make("test", "T=1.1", cwd=KIT / "labs" / "01-create"), 1),
    ]
    for name, run, status in cases:
        said = run.stdout + run.stderr
        tally.check(run.returncode == status, f"{name}: exit status {status}",
                    f"got {run.returncode}: {said[-400:]}")
        tally.check("***" not in said and "Error" not in said, f"{name}: no make error line", said[-400:])
        tally.check("total" in run.stdout, f"{name}: the table on standard output", run.stdout[-400:])


def read_until(path: Path, count: int, deadline: float) -> str:
    """The watcher's output once it holds `count` tables, or by the deadline."""
    while True:
        text = path.read_text(errors="replace")
        if text.count("(watching ") >= count or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def check_watch(submissions: Path) -> None:
    """make watch: a table at start, another after a save, nothing left after Ctrl-C."""
    student = submissions / "watched"
    shutil.copytree(KIT / "labs" / "01-create", student / "01-create",
                    ignore=shutil.ignore_patterns("tests", "repro", "*.o", "shmcreate"))
    log = submissions / "watch.log"
    with open(log, "w") as out:
        watcher = subprocess.Popen(["make", "-s", "--no-print-directory", "watch", "LAB=01-create",
                                    f"SUBMISSION={student}"], cwd=KIT, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        first = read_until(log, 1, time.monotonic() + 120)
        tally.check("01-create" in first and "0/" in first, "make watch grades at once (skeleton: 0)", first[-400:])
        time.sleep(0.5)     # inotifywait is waiting now
        shutil.copy(KIT / "solutions" / "01-create" / "create.c", student / "01-create" / "create.c")
        second = read_until(log, 2, time.monotonic() + 120)
        tally.check(second.count("(watching ") >= 2 and re.search(r"^total +(\d+)/\1 *$", second, re.M) is not None,
                    "make watch grades again on save (reference: full marks)", second[-600:])
    finally:
        os.killpg(watcher.pid, signal.SIGINT)
        try:
            watcher.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(watcher.pid, signal.SIGKILL)
            watcher.wait()
    # make is gone; the rest of its session (the loop's shell, inotifywait)
    # may take a moment longer to end on a busy machine.
    deadline = time.monotonic() + 5
    while True:
        left = subprocess.run(["pgrep", "-a", "-s", str(watcher.pid)], capture_output=True,
                              text=True).stdout.splitlines()
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    tally.check(not left, "make watch leaves no process after Ctrl-C (within 5 s)", "; ".join(left))


SLOW_CREATE = """#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>
#include "create.h"
key_t seg_key(const char *path, int proj_id) { return ftok(path, proj_id); }
int seg_create(key_t key, size_t size, int mode)
{
    struct timespec pause = { 1, 600 * 1000 * 1000 };     /* 1.6 s: slow, within the limit */
    nanosleep(&pause, NULL);
    return shmget(key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
}
"""


def check_live_line(submissions: Path) -> None:
    """On a terminal (script(1) gives the grader one), a call running for
    over a second is named on the live line with its limit."""
    slow = submissions / "slow"
    (slow / "01-create").mkdir(parents=True)
    (slow / "01-create" / "create.c").write_text(SLOW_CREATE)
    typescript = submissions / "typescript"
    grade = f"{KIT / 'grader' / 'grade'} --test 1.4 {slow}"
    run = subprocess.run(["script", "-qec", grade, str(typescript)], capture_output=True, text=True,
                         timeout=120, stdin=subprocess.DEVNULL)
    seen = typescript.read_text(errors="replace") if typescript.exists() else run.stdout
    tally.check(run.returncode == 0 and "1.4 waiting for seg_create (limit 3 s)" in seen,
                "a call running for over a second is named on the live line", seen[-500:])
    plain = subprocess.run([str(KIT / "grader" / "grade"), "--test", "1.4", str(slow)],
                           capture_output=True, text=True, timeout=120)
    tally.check("waiting for" not in plain.stdout + plain.stderr,
                "no live line when the output is not a terminal", plain.stderr[-300:])


def check_compile_commands() -> None:
    """compile_commands.json names every lab's student file and every kit
    source, each with a command that compiles it as the build does."""
    make("compile_commands.json")
    entries = json.loads((KIT / "compile_commands.json").read_text())
    files = {Path(e["file"]) for e in entries}
    wanted = {KIT / "labs" / lab.name / lab.student for lab in kit.built_labs()}
    wanted |= set((KIT / "harness").glob("*.c"))
    missing = sorted(str(f.relative_to(KIT)) for f in wanted - files)
    tally.check(not missing, "compile_commands.json lists every student file and harness file", ", ".join(missing))
    broken = []
    for entry in entries:
        args = list(entry["arguments"])
        out = args.index("-o") if "-o" in args else -1
        if out >= 0:
            del args[out:out + 2]
        done = subprocess.run(args + ["-fsyntax-only"], cwd=entry["directory"], capture_output=True, text=True)
        if done.returncode != 0:
            broken.append(f"{entry['file']}: {done.stderr.strip()[:200]}")
    tally.check(not broken, f"each of its {len(entries)} commands compiles its file", "; ".join(broken))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="shmlabs-student-tools-") as tmp:
        check_quiet_make(Path(tmp))
        check_watch(Path(tmp))
        check_live_line(Path(tmp))
        check_compile_commands()
    print(tally.summary())
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
