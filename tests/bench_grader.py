#!/usr/bin/env python3
"""make bench-grader: what grading costs, measured now, against a floor F.

F is what no grader with valgrind can beat for one lab: compiling the
student file, plus valgrind starting on /bin/true. Each case is timed
RUNS times and its median reported, in seconds and in F, beside the goal
of issue 12 (grader/README.md#speed keeps the figures):

    python3 tests/bench_grader.py [--runs N] [--class N] [--levels]

--class N also grades a generated class of N students (tests/make_class.py)
with --jobs 1, 2 and 3; --levels times the reference at each isolation
level this machine gives (the container level through its emulation, when
tests/container can build it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
GRADE = str(KIT / "grader" / "grade")

# Student files that hang: every function blocks, or spins.
BLOCKS = """#include <unistd.h>
#include "create.h"
key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; pause(); return -1; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; pause(); return -1; }
"""
SPINS = """#include "create.h"
key_t seg_key(const char *path, int proj_id) { (void) path; (void) proj_id; for (volatile int i = 0;; i++) ; }
int seg_create(key_t key, size_t size, int mode) { (void) key; (void) size; (void) mode; for (volatile int i = 0;; i++) ; }
"""


def seconds(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    """The median wall time of `runs` runs of command (its output dropped)."""
    times = []
    for _ in range(runs):
        start = time.monotonic()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.monotonic() - start)
    return statistics.median(times)


def floor(runs: int, scratch: Path) -> float:
    """F: compiling lab 01's reference as the grader does, plus valgrind on /bin/true."""
    compile_cmd = ["cc", "-std=c11", "-D_DEFAULT_SOURCE", "-O0", "-g", "-I", str(KIT / "labs" / "01-create"),
                   "-c", str(KIT / "solutions" / "01-create" / "create.c"), "-o", str(scratch / "f.o")]
    return seconds(compile_cmd, runs) + seconds(["valgrind", "-q", "--vgdb=no", "/bin/true"], runs)


def submission(scratch: Path, name: str, lab: str, file: str, text: str) -> str:
    folder = scratch / name / lab
    folder.mkdir(parents=True)
    (folder / file).write_text(text)
    return str(scratch / name)


def emulated_container() -> list[str] | None:
    """A prefix that runs a command as in Docker's default container (its
    capabilities and seccomp filter, private namespaces of our own), or
    None when the emulation cannot be built here."""
    if os.geteuid() != 0 or subprocess.run(["make", "-s", "-C", str(KIT / "tests" / "container")],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
        return None
    caps = ("-all,+chown,+dac_override,+fowner,+fsetid,+kill,+mknod,+net_bind_service,+net_raw,"
            "+setfcap,+setgid,+setpcap,+setuid,+sys_chroot,+audit_write")
    return ["unshare", "--ipc", "--pid", "--net", "--fork", "--mount-proc",
            "setpriv", f"--bounding-set={caps}", "--inh-caps=-all", "--no-new-privs",
            str(KIT / "build" / "container" / "no-namespaces")]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case (default 3)")
    parser.add_argument("--class", dest="students", type=int, default=0, metavar="N",
                        help="also grade a generated class of N students, --jobs 1, 2 and 3")
    parser.add_argument("--levels", action="store_true", help="the reference at each isolation level")
    options = parser.parse_args(argv)
    subprocess.run(["make", "-s", "-C", str(KIT), "kit"], check=True, stdout=subprocess.DEVNULL)
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="shmlabs-bench.") as tmp:
        scratch = Path(tmp)
        f = floor(options.runs, scratch)
        blocks = submission(scratch, "blocks", "01-create", "create.c", BLOCKS)
        spins = submission(scratch, "spins", "01-create", "create.c", SPINS)
        busy = submission(scratch, "busy", "07-ring", "ring.c",
                          (KIT / "tests" / "wrong" / "07-ring" / "busy-wait.c").read_text())
        solutions = str(KIT / "solutions")
        cases = [("one lab, reference, warm", [GRADE, "--lab", "1", solutions], "<= 1.3 F"),
                 ("the whole kit, reference", [GRADE, solutions], "<= 7 F"),
                 ("a lab whose functions block (pause)", [GRADE, "--lab", "1", blocks], "<= 15 F"),
                 ("a lab whose functions spin", [GRADE, "--lab", "1", spins], "<= 15 F"),
                 ("lab 07 with a busy-waiting ring", [GRADE, "--lab", "7", busy], "<= 15 F")]
        for title, command, goal in cases:
            rows.append((title, seconds(command, options.runs), goal))
        if options.levels:
            container = emulated_container()
            if container is not None:
                rows.append(("the whole kit, container level (emulated)",
                             seconds(container + [GRADE, solutions], options.runs), ""))
        if options.students:
            made = scratch / "class"
            subprocess.run([sys.executable, str(KIT / "tests" / "make_class.py"), str(made),
                            "--students", str(options.students)], check=True, stdout=subprocess.DEVNULL)
            for jobs in ("1", "2", "3"):
                out = scratch / f"out{jobs}"
                rows.append((f"{options.students} generated submissions, --jobs {jobs}",
                             seconds([GRADE, "--batch", str(made), "--out", str(out), "--jobs", jobs], 1), ""))
                shutil.rmtree(out, ignore_errors=True)
    print(f"F (compile + valgrind on /bin/true) = {f:.2f} s; median of {options.runs} runs; "
          f"load {os.getloadavg()[0]:.1f}")
    print("| case | seconds | in F | goal |\n| --- | --- | --- | --- |")
    for title, took, goal in rows:
        print(f"| {title} | {took:.2f} | {took / f:.1f} | {goal} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
