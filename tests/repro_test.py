#!/usr/bin/env python3
"""`make repro` and `make debug` (grader/repro), tried on every test of
every lab (`make test-repro`):

- each test's repro, generated from a run of the reference solution,
  compiles with the kit's flags (gcc; lab 07's with clang too; no
  warning), ends within its time
  limit, prints the calls the test made, and leaves no System V object
  behind, in its private namespace and in the machine's;
- a known-wrong file's repro shows the wrong result, and gdb started as
  `make debug` starts it stops at the failing call; `--verbose` prints the
  calls that the judge's events record.

`python3 tests/repro_test.py 03-attach` tries one lab's tests (and the
known-wrong file). Ends with the line `N passed, N failed`; exit status 1 if
anything failed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from verdicts import Tally

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT / "grader"))

from shmgrade import kit, repro  # noqa: E402

LAB_FOR_CLANG = "07-ring"  # the lab whose repros use every kind of call: built with clang too
RUN_LIMIT_S = 20          # a repro's calls are each limited to repro.CALL_LIMIT_S
WRONG = KIT / "tests" / "wrong" / "01-create" / "id-le-zero-to-zero.c"
tally = Tally()


def build(lab: kit.Lab, folder: Path, numbers: list[str], source: Path,
          cc: str = "cc") -> subprocess.CompletedProcess[str]:
    """Builds the repros `numbers` written in folder with mk/repro.mk's rule
    (make in the lab's folder, compiler cc), against the student file `source`."""
    makefiles = [] if "repro.mk" in (KIT / "mk" / "lab.mk").read_text() else ["-f", "Makefile", "-f",
                                                                            str(KIT / "mk" / "repro.mk")]
    return subprocess.run(["make", "-s", "--no-print-directory", "-j2", *makefiles, f"CC={cc}", f"REPRO_DIR={folder}",
                           f"SRC={source}", *[str(folder / n) for n in numbers]],
                          cwd=lab.directory, text=True, capture_output=True, timeout=600)


def student_object(lab: kit.Lab, source: Path, folder: Path) -> Path:
    """The student file compiled once, as mk/lab.mk compiles it, for the
    many repros of a lab to link."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{lab.student[:-2]}.o"
    subprocess.run(["make", "-s", "--no-print-directory", f"SRC={source}", f"OUT={folder}", str(target)],
                   cwd=lab.directory, capture_output=True, timeout=120)
    return target


def segments_made_by(pids: set[int]) -> list[str]:
    """The machine's segments whose creator is one of pids."""
    rows = Path("/proc/sysvipc/shm").read_text().splitlines()[1:]
    return [row for row in rows if int(row.split()[4]) in pids]


def run(program: Path, shared: bool = False) -> tuple[str, float, list[str]]:
    """Runs a repro: its output, its time, and the segments it left in the
    machine's namespace (shared: it runs there instead of a private one)."""
    env = dict(os.environ, **({"REPRO_SHARED_IPC": "1"} if shared else {}))
    started = time.monotonic()
    proc = subprocess.Popen([str(program)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        out, _ = proc.communicate(timeout=RUN_LIMIT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        out += f"\n(killed after {RUN_LIMIT_S} s)"
    return out, time.monotonic() - started, segments_made_by({proc.pid})


def check_lab(lab: kit.Lab, work: Path) -> None:
    """Every test of lab against its reference solution."""
    reference = KIT / "solutions" / lab.name
    started = time.monotonic()
    result = repro.run_tests(lab, None, KIT / "solutions")
    graded = time.monotonic()
    tally.check(not result.problem, f"{lab.name}: the reference graded with the call log", result.problem)
    folder = work / lab.name
    numbers = [t.number for t in lab.tests if not t.hidden]
    written = {n: repro.write_repro(folder, lab, n, result) for n in numbers}
    built = build(lab, folder, numbers, student_object(lab, reference / lab.student, folder))
    compiled = time.monotonic()
    tally.check(built.returncode == 0 and not built.stderr.strip(),
                f"{lab.name}: its {len(numbers)} repros compile with the kit's flags, no warning",
                built.stderr.strip()[:600])
    if shutil.which("clang") and lab.name == LAB_FOR_CLANG:
        with_clang = build(lab, folder, numbers, student_object(lab, reference / lab.student, folder), "clang")
        tally.check(with_clang.returncode == 0 and not with_clang.stderr.strip(),
                    f"{lab.name}: its repros compile with clang too, no warning", with_clang.stderr.strip()[:600])
        compiled = time.monotonic()
    for number in numbers:
        program = folder / number
        if not program.exists():
            continue
        out, seconds, left = run(program, shared=number == numbers[0])
        printed = out.count(" -> ")
        made = written[number].made
        tally.check("killed after" not in out and seconds < RUN_LIMIT_S and not left and
                    (printed >= 1 or made == 0),
                    f"{lab.name} {number}: ends in {seconds:.1f} s, prints {printed} of its {made} calls, "
                    f"leaves no segment", f"{out[-400:]!r}; left {left}")
    print(f"       {lab.name}: graded in {graded - started:.1f} s, {len(numbers)} repros built in "
          f"{compiled - graded:.1f} s, run in {time.monotonic() - compiled:.1f} s")


def check_wrong(work: Path) -> None:
    """A known-wrong file: its repro shows the wrong result, and gdb stops
    at the failing call."""
    lab = next(lab for lab in kit.built_labs() if lab.name == "01-create")
    submission = work / "wrong"
    (submission / lab.name).mkdir(parents=True)
    shutil.copy(WRONG, submission / lab.name / lab.student)
    verbose = subprocess.run([str(KIT / "grader" / "grade"), "--test", "1.9", "--verbose", str(submission)],
                             text=True, capture_output=True, timeout=300)
    tally.check("[1.9] seg_create(key, 100, 0640) with (0x4c000001, 100, 0640) returned 0, errno EEXIST"
                in verbose.stdout, "--verbose prints the calls from the judge's events", verbose.stdout[-600:])
    result = repro.run_tests(lab, ["1.9"], submission)
    folder = work / "wrong-repro"
    made = repro.write_repro(folder, lab, "1.9", result)
    built = build(lab, folder, ["1.9"], WRONG)
    tally.check(built.returncode == 0, "the wrong file's repro of 1.9 builds", built.stderr[:400])
    out, _, _ = run(folder / "1.9")
    tally.check(re.search(r"seg_create\(.*0640\) -> 0, errno EEXIST", out) is not None,
                "the repro shows the wrong result: seg_create -> 0 with errno EEXIST", out[-400:])
    gdb = subprocess.run(["gdb", "-batch", "-x", str(folder / "1.9.gdb"), "-ex", "bt", str(folder / "1.9")],
                         text=True, capture_output=True, timeout=120)
    line = folder.joinpath("1.9.c").read_text().splitlines()[made.break_line - 1]
    stopped = re.search(rf"Breakpoint 1, main \(\) at \S*1\.9\.c:{made.break_line}\n", gdb.stdout)
    tally.check(stopped is not None and "seg_create" in line and "0640" in line,
                f"gdb stops at the failing call, line {made.break_line}: {line.strip()}", gdb.stdout[-600:])
    if wired():
        check_make_debug(lab, submission)


def wired() -> bool:
    """True when mk/lab.mk includes mk/repro.mk (make repro works in a lab)."""
    return "repro.mk" in (KIT / "mk" / "lab.mk").read_text()


def check_make_debug(lab: kit.Lab, submission: Path) -> None:
    """`make debug` itself, at the top of the kit, with gdb reading no
    commands after the script (it stops, then quits). The lab's repro/
    folder goes afterwards unless it was there before."""
    folder = Path(lab.directory, repro.REPRO_FOLDER)
    existed = folder.exists()
    try:
        done = subprocess.run(["make", "-s", "--no-print-directory", "debug", "T=1.9", f"SUBMISSION={submission}"],
                              cwd=KIT, text=True, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    finally:
        if not existed:
            shutil.rmtree(folder, ignore_errors=True)
    tally.check(re.search(r"Breakpoint 1, main \(\) at \S*1\.9\.c:\d+\n.*seg_create\(.*0640", done.stdout) is not None,
                "make debug T=1.9 stops gdb at the failing call", (done.stdout + done.stderr)[-600:])


def main() -> int:
    started = time.monotonic()
    if shutil.which("gdb") is None:
        print("repro_test: gdb is not installed (apt-get install gdb)")
        return 1
    labs = [lab for lab in kit.built_labs() if not sys.argv[1:] or lab.name in sys.argv[1:]]
    with tempfile.TemporaryDirectory(prefix="repro-test-") as temp:
        work = Path(temp)
        for lab in labs:
            check_lab(lab, work)
        check_wrong(work)
    print(f"repro_test: {time.monotonic() - started:.0f} s")
    print(tally.summary())
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
