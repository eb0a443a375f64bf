"""Grading one lab of one submission: take the student file, build it in a
sandbox, run the lab's tests in another, and score only what the test runner
reported through its private results file."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Sequence

from . import calllog, live, sandbox, submission as submissions
from .kit import Lab, Test

MAX_STUDENT_FILE = 256 * 1024
COMPILER_LINES = 40


@dataclass
class TestResult:
    """One test's outcome: passed or not, and why not."""
    test: Test
    passed: bool
    message: str = ""

    @property
    def score(self) -> int:
        return self.test.points if self.passed else 0


@dataclass
class LabResult:
    """One lab of one submission, graded."""
    lab: Lab
    results: list[TestResult] = field(default_factory=list)
    problem: str = ""        # one line when the lab could not be graded normally
    details: str = ""        # compiler output and the like, shown under the table
    skipped: list[Test] = field(default_factory=list)
    seconds: float = 0.0
    found: str = ""          # where the student file was found, when not in the layout, and why
    log: list[calllog.CallEvent] = field(default_factory=list)   # --verbose: each call the tests made

    @property
    def score(self) -> int:
        return sum(r.score for r in self.results)

    @property
    def max_score(self) -> int:
        return sum(r.test.points for r in self.results)

    @property
    def full_marks(self) -> bool:
        """True when every test run passed and nothing kept the lab from
        being graded normally."""
        return self.score == self.max_score and not self.problem

    def summary(self) -> str:
        """One line on what is still wrong, for the table."""
        if self.problem:
            return self.problem
        failed = [r for r in self.results if not r.passed]
        if not failed:
            return "all tests pass"
        several = len(failed) > 1
        return (f"{len(failed)} test{'s' if several else ''} fail{'' if several else 's'}, "
                f"first {failed[0].test.number}: {failed[0].test.title}")


# What find_student_file returns: the file's bytes (None when there is
# nothing to grade), where it was found, and why nothing can be graded.
StudentFile = tuple[bytes | None, str, str]


def find_student_file(submission: submissions.Submission | Path | str, lab: Lab) -> StudentFile:
    """Reads lab's student file from submission: a folder, an archive, or a
    submission.Submission already opened (see submission.py for where files
    are found and which one wins). Returns (bytes or None, note, problem):
    the note says where the file was found when not in the layout; the
    problem, when there is one, says why nothing can be graded."""
    if isinstance(submission, submissions.Submission):
        return _read_choice(submission, lab)
    with submissions.open_submission(submission, {lab.student: lab.name}) as opened:
        return _read_choice(opened, lab)


def _read_choice(opened: submissions.Submission, lab: Lab) -> StudentFile:
    """find_student_file's work on an opened submission."""
    choice = opened.choose(lab.name, lab.student)
    if choice.path is None:
        refused = "".join("; " + p for p in opened.problems)
        return None, "", f"not submitted: no {lab.name}/{lab.student}{refused}"
    try:
        return _read_student_file(choice.path), choice.note, ""
    except (OSError, ValueError) as e:
        return None, choice.note, f"{choice.shown} could not be read: {e}"


def _read_student_file(path: Path) -> bytes:
    """The file's bytes, or raises ValueError with a reason a student can fix."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise ValueError("it is a symbolic link: submit the file itself")
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("it is not a regular file")
    if info.st_size > MAX_STUDENT_FILE:
        raise ValueError(f"it is larger than {MAX_STUDENT_FILE // 1024} KiB")
    with open(path, "rb") as f:
        return f.read(MAX_STUDENT_FILE + 1)


def _all_failed(tests: Sequence[Test], message: str) -> list[TestResult]:
    """Every test failed with the same message."""
    return [TestResult(t, False, message) for t in tests]


def _clean_compiler_output(text: str, work: str, lab: Lab) -> str:
    """Compiler output with sandbox paths shortened to the student's file name."""
    text = text.replace(os.path.join(work, "src") + "/", "").replace(work + "/", "")
    text = text.replace(lab.directory + "/", "")
    # make's own lines say nothing a student can act on, except why it could not start
    lines = [l for l in text.splitlines() if not re.match(r"make(\[\d+\])?: (\*\*\* \[|Entering|Leaving)", l)]
    if len(lines) > COMPILER_LINES:
        lines = lines[:COMPILER_LINES] + [f"[... {len(lines) - COMPILER_LINES} more lines]"]
    return "\n".join(lines)


def parse_results(text: str) -> dict[str, tuple[bool, str]]:
    """{test number: (passed, message)} from the judge's result lines (one
    JSON object a line, harness/results.c). A test reported twice is not
    believed; events (calllog.py) and lines that are not such an object are
    ignored."""
    seen: dict[str, tuple[bool, str]] = {}
    for line in text.splitlines():
        result = calllog.parse_line(line)
        if result is None or calllog.is_event(result):
            continue
        try:
            number, passed, message = result["number"], result["passed"] is True, str(result["message"])
        except (KeyError, TypeError):
            continue
        seen[number] = (False, "the test reported two results") if number in seen else (passed, message)
    return seen


def _describe_cut_short(finished: sandbox.Finished) -> str:
    """Why a test that never reported failed: the run's timeout or its end."""
    if finished.timed_out:
        return (f"the tests did not finish within {sandbox.RUN_TIMEOUT_S} s: a call that blocks for ever "
                "or loops, in every test?")
    return f"the test run ended before this test reported (exit status {finished.returncode})"


def grade_lab(mode: sandbox.Mode, lab: Lab, submission: submissions.Submission | Path | str, slot: int,
              run_tests: Collection[str] | None = None) -> LabResult:
    """Grades lab for the submission directory. Never raises for anything a
    submission can do; returns a LabResult."""
    started = time.monotonic()
    tests = lab.tests
    result = LabResult(lab)
    if run_tests is not None:
        tests = [t for t in tests if t.number in run_tests]
    if not mode.other_user:
        result.skipped = [t for t in tests if "other-user" in t.flags]
        tests = [t for t in tests if "other-user" not in t.flags]

    source, result.found, problem = find_student_file(submission, lab)
    if source is None:
        result.problem = problem
        result.results = _all_failed(tests, result.problem)
        return result

    uid = mode.uid_for(slot)
    try:
        with tempfile.TemporaryDirectory(prefix=f"shmlabs-{lab.name}-", ignore_cleanup_errors=True) as work:
            _build_and_test(mode, lab, tests, source, work, uid, result)
    finally:
        result.seconds = time.monotonic() - started
    return result


def _build_and_test(mode: sandbox.Mode, lab: Lab, tests: list[Test], source: bytes, work: str,
                    uid: int, result: LabResult) -> None:
    """grade_lab's work in the empty folder `work`: builds source as the
    subjects' user `uid`, runs `tests`, and fills in result."""
    root = Path(work)
    root.chmod(0o755)
    for folder in ("src", "out", "tmp"):
        (root / folder).mkdir()
    (root / "src" / lab.student).write_bytes(source)
    built = sandbox.compile_lab(mode, lab, work, uid)
    compiler = _clean_compiler_output(built.output, work, lab)
    if built.returncode != 0 or built.timed_out:
        result.problem = (f"did not compile within {sandbox.COMPILE_TIMEOUT_S} s"
                          if built.timed_out else "does not compile: see the compiler's errors below")
        result.details = compiler or f"(the build printed nothing; exit status {built.returncode})"
        result.results = _all_failed(tests, result.problem)
        return
    out = root / "out"
    if os.path.islink(out) or not os.path.isfile(out / "subject"):      # whatever the build did
        result.problem = "the build did not produce the test program (did the build replace its output folder?)"
        result.results = _all_failed(tests, result.problem)
        return
    if compiler.strip():
        result.details = "compiler warnings:\n" + compiler
    result.results = _run_tests(mode, lab, tests, work, uid, result.log)


# Addresses where the kernel maps segments change from run to run (ASLR,
# which Docker's seccomp profile does not let a process turn off).
MAPPED_ADDRESS = re.compile(r"\b0x7f[0-9a-f]{7,9}([0-9a-f]{3})\b")


def _stable(text: str) -> str:
    """Test messages as they read in every run: an address in the mapping
    area keeps its offset in the page, not its page (0x7f...004)."""
    return MAPPED_ADDRESS.sub(lambda m: "0x7f\u2026" + m.group(1), text)


def _run_tests(mode: sandbox.Mode, lab: Lab, tests: list[Test], work: str, uid: int,
               log: list[calllog.CallEvent]) -> list[TestResult]:
    """The results of `tests`: the public ones from the lab's judge, then
    the hidden ones (listed only with --hidden) from its hidden judge, each
    judge run against the same built subject."""
    results = []
    for hidden, judge in ((False, lab.judge), (True, lab.hidden_judge)):
        chosen = [t for t in tests if t.hidden == hidden]
        if chosen:
            results += _run_judge(mode, lab, judge, chosen, hidden, work, uid, log)
    return results


def _run_judge(mode: sandbox.Mode, lab: Lab, judge: str | None, tests: list[Test], hidden: bool,
               work: str, uid: int, log: list[calllog.CallEvent]) -> list[TestResult]:
    """Runs `judge` for `tests` (all of its tests, or some) and scores them;
    with sandbox.VERBOSE, appends the calls it logged to `log`."""
    with tempfile.TemporaryFile() as results_file:
        listed = [t for t in lab.tests if t.hidden == hidden]
        only = [t.number for t in tests] if len(tests) < len(listed) else []
        with live.following(results_file.fileno(), [t.number for t in tests]):
            finished = sandbox.run_judge(mode, lab, work, uid, results_file.fileno(), only, judge)
        results_file.seek(0)
        text = results_file.read(1 << 20).decode("utf-8", "replace")
    # the tests' folder as a sandbox shows it, /tmp, at every level
    temp = sandbox.judge_temp_dir(mode, work)
    if temp != "/tmp":
        text = text.replace(temp + "/", "/tmp/")
    reported = parse_results(_stable(text))
    if sandbox.VERBOSE:
        log += calllog.calls(text)
    return [TestResult(t, *reported.get(t.number, (False, _describe_cut_short(finished)))) for t in tests]
