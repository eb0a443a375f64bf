"""Grading one lab of one submission: take the student file, build it in a
sandbox, run the lab's tests in another, and score only what the test runner
reported through its private results file."""

import json
import os
import re
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass, field

from . import sandbox, submission as submissions

MAX_STUDENT_FILE = 256 * 1024
COMPILER_LINES = 40


@dataclass
class TestResult:
    test: object             # kit.Test
    passed: bool
    message: str = ""

    @property
    def score(self):
        return self.test.points if self.passed else 0


@dataclass
class LabResult:
    lab: object              # kit.Lab
    results: list = field(default_factory=list)
    problem: str = ""        # one line when the lab could not be graded normally
    details: str = ""        # compiler output and the like, shown under the table
    skipped: list = field(default_factory=list)
    seconds: float = 0.0
    found: str = ""          # where the student file was found, when not in the layout, and why
    log: list = field(default_factory=list)   # --verbose: each call the tests made, in order

    @property
    def score(self):
        return sum(r.score for r in self.results)

    @property
    def max_score(self):
        return sum(r.test.points for r in self.results)

    def summary(self):
        """One line on what is still wrong, for the table."""
        if self.problem:
            return self.problem
        failed = [r for r in self.results if not r.passed]
        if not failed:
            return "all tests pass"
        return "%d test%s fail%s, first %s: %s" % (
            len(failed), "s" if len(failed) > 1 else "", "" if len(failed) > 1 else "s",
            failed[0].test.number, failed[0].test.title)


def find_student_file(submission, lab):
    """Reads lab's student file from submission: a folder, an archive, or a
    submission.Submission already opened (see submission.py for where files
    are found and which one wins). Returns (bytes or None, note, problem):
    the note says where the file was found when not in the layout; the
    problem, when there is one, says why nothing can be graded."""
    if isinstance(submission, submissions.Submission):
        return _read_choice(submission, lab)
    with submissions.open_submission(submission, {lab.student: lab.name}) as opened:
        return _read_choice(opened, lab)


def _read_choice(opened, lab):
    """find_student_file's work on an opened submission."""
    choice = opened.choose(lab.name, lab.student)
    if choice.path is None:
        refused = "".join("; " + p for p in opened.problems)
        return None, "", "not submitted: no %s/%s%s" % (lab.name, lab.student, refused)
    try:
        return _read_student_file(choice.path), choice.note, ""
    except (OSError, ValueError) as e:
        return None, choice.note, "%s could not be read: %s" % (choice.shown, e)


def _read_student_file(path):
    """The file's bytes, or raises ValueError with a reason a student can fix."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise ValueError("it is a symbolic link: submit the file itself")
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("it is not a regular file")
    if info.st_size > MAX_STUDENT_FILE:
        raise ValueError("it is larger than %d KiB" % (MAX_STUDENT_FILE // 1024))
    with open(path, "rb") as f:
        return f.read(MAX_STUDENT_FILE + 1)


def _all_failed(lab, tests, message):
    return [TestResult(t, False, message) for t in tests]


def _clean_compiler_output(text, work, lab):
    """Compiler output with sandbox paths shortened to the student's file name."""
    text = text.replace(os.path.join(work, "src") + "/", "").replace(work + "/", "")
    text = text.replace(lab.directory + "/", "")
    lines = [l for l in text.splitlines() if not re.match(r"make(\[\d+\])?: (\*\*\*|Entering|Leaving)", l)]
    if len(lines) > COMPILER_LINES:
        lines = lines[:COMPILER_LINES] + ["[... %d more lines]" % (len(lines) - COMPILER_LINES)]
    return "\n".join(lines)


def parse_results(text):
    """{test number: (passed, message)} from the judge's result lines (one
    JSON object a line, harness/results.c). A test reported twice is not
    believed; a line that is not such an object is ignored."""
    seen = {}
    for line in text.splitlines():
        try:
            result = json.loads(line)
            number, passed, message = result["number"], result["passed"] is True, str(result["message"])
        except (ValueError, KeyError, TypeError):
            continue
        seen[number] = (False, "the test reported two results") if number in seen else (passed, message)
    return seen


def _describe_cut_short(finished):
    if finished.timed_out:
        return ("the tests did not finish within %d s: a call that blocks for ever or loops, "
                "in every test?" % sandbox.RUN_TIMEOUT_S)
    return "the test run ended before this test reported (exit status %d)" % finished.returncode


def grade_lab(mode, lab, submission, slot, run_tests=None):
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
        result.results = _all_failed(lab, tests, result.problem)
        return result

    uid = mode.uid_for(slot)
    work = tempfile.mkdtemp(prefix="shmlabs-%s-" % lab.name)
    try:
        os.chmod(work, 0o755)
        os.makedirs(os.path.join(work, "src"))
        os.makedirs(os.path.join(work, "out"))
        os.makedirs(os.path.join(work, "tmp"))
        with open(os.path.join(work, "src", lab.student), "wb") as f:
            f.write(source)
        built = sandbox.compile_lab(mode, lab, work, uid)
        compiler = _clean_compiler_output(built.output, work, lab)
        if built.returncode != 0 or built.timed_out:
            result.problem = ("did not compile within %d s" % sandbox.COMPILE_TIMEOUT_S
                              if built.timed_out else "does not compile: see the compiler's errors below")
            result.details = compiler
            result.results = _all_failed(lab, tests, result.problem)
            return result
        out = os.path.join(work, "out")
        if os.path.islink(out) or not os.path.isfile(os.path.join(out, "subject")):
            result.problem = "the build did not produce the test program (did the build replace its output folder?)"
            result.results = _all_failed(lab, tests, result.problem)
            return result
        if compiler.strip():
            result.details = "compiler warnings:\n" + compiler
        result.results = _run_tests(mode, lab, tests, work, uid, result.log)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)
        result.seconds = time.monotonic() - started


# Addresses where the kernel maps segments change from run to run (ASLR,
# which Docker's seccomp profile does not let a process turn off).
MAPPED_ADDRESS = re.compile(r"\b0x7f[0-9a-f]{7,9}([0-9a-f]{3})\b")


def _stable(text):
    """Test messages as they read in every run: an address in the mapping
    area keeps its offset in the page, not its page (0x7f...004)."""
    return MAPPED_ADDRESS.sub(lambda m: "0x7f\u2026" + m.group(1), text)


def _run_tests(mode, lab, tests, work, uid, log):
    """The results of `tests`: the public ones from the lab's judge, then
    the hidden ones (listed only with --hidden) from its hidden judge, each
    judge run against the same built subject."""
    results = []
    for hidden, judge in ((False, lab.judge), (True, lab.hidden_judge)):
        chosen = [t for t in tests if t.hidden == hidden]
        if chosen:
            results += _run_judge(mode, lab, judge, chosen, hidden, work, uid, log)
    return results


def _run_judge(mode, lab, judge, tests, hidden, work, uid, log):
    """Runs `judge` for `tests` (all of its tests, or some) and scores them;
    with sandbox.VERBOSE, appends the calls it logged to `log`."""
    with tempfile.TemporaryFile() as results:
        listed = [t for t in lab.tests if t.hidden == hidden]
        only = [t.number for t in tests] if len(tests) < len(listed) else []
        finished = sandbox.run_judge(mode, lab, work, uid, results.fileno(), only, judge)
        results.seek(0)
        text = results.read(1 << 20).decode("utf-8", "replace")
    # the tests' folder as a sandbox shows it, /tmp, at every level
    temp = sandbox.judge_temp_dir(mode, work)
    if temp != "/tmp":
        text = text.replace(temp + "/", "/tmp/")
    reported = parse_results(_stable(text))
    if sandbox.VERBOSE:
        log += [_stable(line.replace(temp + "/", "/tmp/")) for line in finished.output.splitlines()
                if line.startswith("[")]
    results = []
    for t in tests:
        passed, message = reported.get(t.number, (False, _describe_cut_short(finished)))
        results.append(TestResult(t, passed, message))
    return results
