#!/usr/bin/env python3
"""The hidden tests' own tests, run by `make test-hidden` (issue 9):

- every lab has a hidden judge with at least 3 tests (5 for labs 06 and 07),
  numbered apart from the public tests;
- every reference solution passes every hidden test, and every skeleton
  fails every one;
- results.json: hidden tests are "after_published" by default, what
  --hidden-visibility says otherwise, public tests always "visible"; the
  top-level output names no hidden test unless they are visible; without
  --hidden no hidden test appears at all;
- each tuned submission (tests/hidden/tuned/NN-topic/FILE, which hard-codes
  the public tests' values) gets full marks without --hidden and loses the
  points of the tests its `loses:` line names with it;
- every known wrong solution (tests/wrong/) still loses points, and still
  fails its `expect:` tests, with --hidden (to stay quick, the corpus runs
  the hidden tests and the public tests named in its `expect:` lines; the
  self-test runs the whole public table);
- a Gradescope package holds the hidden tests with HIDDEN=1, none without;
- --hidden-visibility's errors exit 2; nothing is left behind.

Ends with the line `N passed, N failed`; exit status 1 if anything failed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any, Callable

KIT = Path(__file__).resolve().parent.parent
GRADE = KIT / "grader" / "grade"
TUNED = KIT / "tests" / "hidden" / "tuned"
sys.path.insert(0, str(KIT / "grader"))
from shmgrade import kit, sandbox  # noqa: E402
from verdicts import corpus_header  # noqa: E402

MIN_HIDDEN = {"06-semaphores": 5, "07-ring": 5}     # every other lab: 3
counts = {"passed": 0, "failed": 0}
Results = dict[str, Any]


def check(ok: bool, name: str, detail: str = "") -> None:
    """Records one check and prints its verdict."""
    counts["passed" if ok else "failed"] += 1
    print(f"ok     {name}" if ok else f"FAILED {name}" + (f": {detail[:2000]}" if detail else ""))


def grade(tmp: Path, *args: str) -> tuple[int, str, float]:
    """Runs the grader with its TMPDIR in tmp; returns (exit status,
    stdout and stderr, seconds)."""
    started = time.monotonic()
    done = subprocess.run([str(GRADE), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=dict(os.environ, TMPDIR=str(tmp / "grader-tmp")),
                          timeout=900)
    return done.returncode, done.stdout, time.monotonic() - started


def grade_json(tmp: Path, name: str, *args: str) -> tuple[int, str, Results]:
    """Runs the grader with --json; returns (exit status, output, results)."""
    out = tmp / f"{name}.json"
    status, text, _ = grade(tmp, "--json", str(out), *args)
    results: Results = json.loads(out.read_text()) if out.exists() else {"tests": [], "output": ""}
    return status, text, results


def hidden_numbers(results: Results) -> list[str]:
    return [t["number"] for t in results["tests"] if ".H" in t["number"]]


def lab_score(results: Results, lab: str) -> tuple[float, float]:
    """(score, maximum) of lab in results."""
    tests = [t for t in results["tests"] if t["tags"] == [lab]]
    return sum(t["score"] for t in tests), sum(t["max_score"] for t in tests)





# --- the tables ----------------------------------------------------------------

def test_tables(labs: list[kit.Lab]) -> None:
    """Each lab's hidden judge lists enough tests, numbered N.H<n>."""
    for lab in labs:
        public = {t.number for t in kit.list_tests(lab)}
        hidden = kit.list_tests(lab, hidden=True) if lab.hidden_judge else []
        least = MIN_HIDDEN.get(lab.name, 3)
        check(len(hidden) >= least and all(t.hidden for t in hidden),
              f"{lab.name}: {len(hidden)} hidden tests (at least {least})")
        numbers = [t.number for t in hidden]
        check(all(re.fullmatch(rf"{lab.number}\.H\d+", n) for n in numbers)
              and len(set(numbers)) == len(numbers) and not public & set(numbers)
              and all(t.points > 0 and t.title for t in hidden),
              f"{lab.name}: hidden tests numbered {lab.number}.H<n>, apart from the public ones, "
              "with points and a title", ", ".join(numbers))


# --- references, skeletons, visibility --------------------------------------------

def test_reference(tmp: Path, labs: list[kit.Lab]) -> None:
    """The references pass every hidden test; default visibilities."""
    status, text, results = grade_json(tmp, "solutions", "--hidden", "--jobs", "2",
                                       str(KIT / "solutions"))
    check(status == 0, "reference solutions with --hidden: full marks, exit status 0", text[-2000:])
    hidden = [t for t in results["tests"] if ".H" in t["number"]]
    for lab in labs:
        mine = [t for t in hidden if t["tags"] == [lab.name]]
        failing = [f"{t['number']}: {t['output']}" for t in mine if t["status"] != "passed"]
        check(bool(mine) and not failing, f"reference of {lab.name}: passes its {len(mine)} hidden "
              "tests", "; ".join(failing))
    check(all(t["visibility"] == "after_published" for t in hidden)
          and all(t["visibility"] == "visible" for t in results["tests"] if t not in hidden),
          "results.json: hidden tests after_published by default, public tests visible")
    check("--hidden" in results.get("extra_data", {}).get("options", []),
          "results.json: extra_data.options holds --hidden")


def test_skeleton(tmp: Path, labs: list[kit.Lab]) -> None:
    """The skeletons fail every hidden test; --hidden-visibility hidden."""
    status, text, results = grade_json(tmp, "skeleton", "--hidden", "--hidden-visibility", "hidden",
                                       "--jobs", "2")
    check(status == 1, "skeletons with --hidden: exit status 1", text[-1000:])
    hidden = [t for t in results["tests"] if ".H" in t["number"]]
    for lab in labs:
        mine = [t for t in hidden if t["tags"] == [lab.name]]
        passing = [t["number"] for t in mine if t["status"] != "failed"]
        check(bool(mine) and not passing, f"skeleton of {lab.name}: fails its {len(mine)} hidden tests",
              ", ".join(passing))
    check(bool(hidden) and all(t["visibility"] == "hidden" for t in hidden),
          "--hidden-visibility hidden: every hidden test says so in results.json")
    named = sorted({n for n in re.findall(r"\b\d+\.H\d+\b", results["output"])})
    check(not named, "the top-level output names no hidden test while they are hidden", ", ".join(named))


def test_without_hidden(tmp: Path) -> None:
    """No --hidden: no hidden test, no hidden points."""
    status, text, results = grade_json(tmp, "public", "--lab", "1", str(KIT / "solutions"))
    check(status == 0 and results["tests"] and not hidden_numbers(results),
          "without --hidden no hidden test appears in results.json", text[-1000:])


# --- tuned submissions --------------------------------------------------------------

def test_tuned(tmp: Path) -> None:
    """Full marks without --hidden, the `loses:` tests failed with it."""
    files = sorted(p for p in TUNED.glob("*/*.c"))
    check(len(files) >= 2, f"{len(files)} tuned submissions (at least 2)")
    lab_args = [arg for p in files for arg in ("--lab", p.parent.name)]
    _, text, public = grade_json(tmp, "tuned-public", "--jobs", "2", *lab_args, str(TUNED))
    _, _, hidden = grade_json(tmp, "tuned-hidden", "--hidden", "--jobs", "2", *lab_args, str(TUNED))
    for path in files:
        lab = path.parent.name
        got, most = lab_score(public, lab)
        check(most > 0 and got == most, f"tuned {lab}/{path.name}: full marks on the public tests "
              f"({got:g}/{most:g})", text[-1500:])
        got, most = lab_score(hidden, lab)
        loses = [n for key, value in corpus_header(path) if key == "loses" for n in value.split()]
        failed = {t["number"] for t in hidden["tests"] if t["tags"] == [lab] and t["status"] == "failed"}
        check(bool(loses) and set(loses) <= failed and got < most,
              f"tuned {lab}/{path.name}: with --hidden {got:g}/{most:g}, losing {' '.join(sorted(failed))}",
              f"its header says it loses {loses}")


# --- the wrong corpus -------------------------------------------------------------

def expected_failures(path: Path) -> list[str]:
    """The tests a corpus file's `expect:` lines name."""
    return [value.split()[0] for key, value in corpus_header(path) if key == "expect"]


def test_wrong_corpus(tmp: Path, labs: list[kit.Lab]) -> None:
    """Each known wrong solution, graded with --hidden, still loses points
    and still fails its `expect:` tests."""
    students = {lab.name: lab.student for lab in labs}
    batch = tmp / "wrong"
    files = sorted((KIT / "tests" / "wrong").glob("*/*.c"))
    for path in files:
        folder = batch / f"{path.parent.name}--{path.stem}" / path.parent.name
        folder.mkdir(parents=True)
        shutil.copy(path, folder / students[path.parent.name])
    chosen = {n for path in files for n in expected_failures(path)}
    chosen |= {t.number for lab in labs if lab.hidden_judge for t in kit.list_tests(lab, hidden=True)}
    out = tmp / "wrong-out"
    status, text, seconds = grade(tmp, "--batch", str(batch), "--out", str(out), "--hidden",
                                  "--test", ",".join(sorted(chosen)), "--jobs", "2")
    check(status == 1 and bool(files), f"wrong corpus with --hidden: {len(files)} files graded "
          f"({seconds:.0f} s)", text[-1500:])
    for path in files:
        lab, name = path.parent.name, f"wrong {path.parent.name}/{path.name}"
        try:
            results = json.loads((out / f"{lab}--{path.stem}" / "results.json").read_text())
        except (OSError, ValueError) as e:
            check(False, name, str(e))
            continue
        got, most = lab_score(results, lab)
        failed = {t["number"] for t in results["tests"] if t["tags"] == [lab] and t["status"] == "failed"}
        expected = expected_failures(path)
        lost = " ".join(sorted(n for n in failed if ".H" in n)) or "none"
        check(got < most and set(expected) <= failed and bool(hidden_numbers(results)),
              f"{name}: still caught with --hidden ({got:g}/{most:g}; hidden tests failed: {lost})",
              f"expected {expected} to fail, failed: {sorted(failed)}")


# --- the command line, and what is left -------------------------------------------

def test_command_line(tmp: Path) -> None:
    for args, words in ((["--hidden", "--hidden-visibility", "soon"], "no visibility 'soon'"),
                        (["--hidden-visibility", "hidden"], "needs --hidden")):
        status, text, _ = grade(tmp, *args, str(KIT / "solutions"))
        check(status == 2 and words in text, f"grader {' '.join(args)}: exit status 2, says {words!r}",
              text[-500:])


def test_packages(tmp: Path, labs: list[kit.Lab]) -> None:
    """make gradescope HIDDEN=1 packages every lab's hidden tests; without
    HIDDEN=1 a package holds none."""
    wanted = {f"shm-labs/labs/{lab.name}/tests/hidden/{Path(lab.student).stem}_hidden.c"
              for lab in labs}
    for hidden in (True, False):
        dist = tmp / f"dist-{hidden}"
        done = subprocess.run([sys.executable, str(KIT / "platforms" / "build.py"), "gradescope",
                               "--dist", str(dist), *(["--hidden"] if hidden else [])],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        archive = dist / "gradescope" / "autograder.zip"
        names = set(zipfile.ZipFile(archive).namelist()) if archive.exists() else set()
        packed = {n for n in names if "/tests/hidden/" in n}
        check(done.returncode == 0 and (packed == wanted if hidden else not packed and bool(names)),
              f"make gradescope{' HIDDEN=1' if hidden else ''}: {len(packed)} hidden test files "
              "in the package", done.stdout[-500:])


def student_ipc_objects() -> set[str]:
    """The machine's segments and semaphore sets that student code made
    (their creator is one of the user ids graders give it), as "shm ID"."""
    found = set()
    # the columns of /proc/sysvipc/{shm,sem}: id 1, creator 9 (shm) or 6 (sem)
    for kind, creator in (("shm", 9), ("sem", 6)):
        for line in Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]:
            row = line.split()
            if int(row[creator]) >= sandbox.UID_BASE:
                found.add(f"{kind} {row[1]}")
    return found


def timed(section: Callable[..., None], *args: Any) -> None:
    """Runs a section of the tests and says how long it took."""
    started = time.monotonic()
    section(*args)
    print(f"       ({section.__name__}: {time.monotonic() - started:.0f} s)")


def main() -> int:
    labs = kit.discover_labs()
    kit.build_kit(labs, hidden=True)
    before = student_ipc_objects()
    with tempfile.TemporaryDirectory(prefix="shmlabs-hidden-test.") as name:
        tmp = Path(name)
        (tmp / "grader-tmp").mkdir()
        test_tables(labs)
        test_command_line(tmp)
        test_without_hidden(tmp)
        test_packages(tmp, labs)
        for section in (test_reference, test_skeleton, test_wrong_corpus):
            timed(section, tmp, labs)
        timed(test_tuned, tmp)
        left = sorted(p.name for p in (tmp / "grader-tmp").iterdir())
        check(not left, "the graders left nothing in their TMPDIR", ", ".join(left))
    left_ipc = sorted(student_ipc_objects() - before)
    check(not left_ipc, "student code left no segment or semaphore set on the machine",
          ", ".join(left_ipc))
    print(f"{counts['passed']} passed, {counts['failed']} failed")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
