"""The command line of grader/grade (its contract: docs/grader.md)."""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import FrameType
from typing import NoReturn, Sequence

from . import batch, kit, labrun, live, report, sandbox, submission
from .kit import Lab
from .labrun import LabResult

EXIT_FULL, EXIT_POINTS_LOST, EXIT_CANNOT_RUN = 0, 1, 2


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The options, checked: exits 2 with argparse's usage line when they
    are wrong or do not fit together."""
    p = argparse.ArgumentParser(
        prog="grader/grade",
        description="Grades shm-labs submissions: builds each lab with the student's file, "
                    "runs the lab's tests in a sandbox, prints points and feedback.",
        epilog="exit status: 0 full marks, 1 points lost, 2 the grader could not run. "
               "Examples: grader/grade (grades labs/), grader/grade --lab 3 solutions, "
               "grader/grade --batch submissions/ --csv grades.csv --jobs 2")
    p.add_argument("submission", nargs="?", metavar="SUBMISSION",
                   help="a directory with NN-topic/FILE or labs/NN-topic/FILE (default: the kit's labs/)")
    p.add_argument("--lab", action="append", default=[], metavar="NN-topic",
                   help="grade only this lab (repeatable; '3' and 'attach' work too)")
    p.add_argument("--json", metavar="FILE", help="also write Gradescope's results.json to FILE")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="labs (or, with --batch, submissions' labs) graded at once (default: one more "
                        f"than the processors, {_processors() + 1} here: tests mostly wait on purpose)")
    p.add_argument("--batch", metavar="DIR",
                   help="grade every entry of DIR as one student: each folder, and each loose "
                        ".zip, .tar or .tar.gz archive")
    p.add_argument("--csv", metavar="FILE", help="with --batch: write the gradebook to FILE")
    p.add_argument("--out", metavar="DIR", default="batch-results",
                   help="with --batch: a folder a student (results.json, feedback.txt) and the "
                        "class's summary.txt; folders it made for students no longer in the batch "
                        "are removed (default: %(default)s)")
    p.add_argument("--report", metavar="FILE",
                   help="with --batch: write a self-contained HTML class report to FILE")
    p.add_argument("--hidden", action="store_true", help="also run the instructor's hidden tests")
    p.add_argument("--hidden-visibility", metavar="V", type=_visibility,
                   help="with --hidden: the hidden tests' visibility in results.json, one of "
                        + ", ".join(report.VISIBILITIES) + " (default: after_published)")
    p.add_argument("--test", action="append", default=[], metavar="N.M",
                   help="run only this test (repeatable, or N.M,N.M); its lab is graded alone "
                        "unless --lab says otherwise")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="print each call the tests made in the student's code, its arguments, "
                        "result and errno, in order")
    p.add_argument("--isolation", metavar="LEVEL", type=_isolation_level,
                   help="require at least LEVEL (container, userns, namespaces); exit 2 when "
                        "this machine cannot give it")
    args = p.parse_args(argv)
    args.test = [n for value in args.test for n in value.split(",") if n]
    if args.jobs is None:
        args.jobs = min(_processors() + 1, sandbox.MAX_JOBS)
    if not 1 <= args.jobs <= sandbox.MAX_JOBS:
        p.error(f"--jobs must be from 1 to {sandbox.MAX_JOBS}")
    for option, value in (("--csv", args.csv), ("--report", args.report)):
        if value and not args.batch:
            p.error(f"{option} needs --batch")
    if args.hidden_visibility and not args.hidden:
        p.error("--hidden-visibility needs --hidden")
    args.hidden_visibility = args.hidden_visibility or "after_published"
    if args.batch and args.submission:
        p.error("give either SUBMISSION or --batch DIR, not both")
    return args


def _processors() -> int:
    """The processors this process may run on."""
    return len(os.sched_getaffinity(0)) or 1


def _visibility(text: str) -> str:
    """--hidden-visibility's value, if Gradescope knows it."""
    if text not in report.VISIBILITIES:
        raise argparse.ArgumentTypeError(f"no visibility {text!r}: the visibilities are "
                                         f"{', '.join(report.VISIBILITIES)}")
    return text


def _isolation_level(text: str) -> sandbox.Level:
    """--isolation's value as a level."""
    try:
        return sandbox.Level.parse(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _check_directory(path: str, what: str) -> None:
    """Raises kit.GraderError unless path is a directory we can read."""
    if not os.path.isdir(path):
        raise kit.GraderError(f"{what} {path} is not a directory")
    if not os.access(path, os.R_OK | os.X_OK):
        raise kit.GraderError(f"{what} {path} cannot be read")


def _check_tools() -> None:
    """Raises kit.GraderError, naming the package, when a tool is missing."""
    for tool, package in (("make", "make"), ("cc", "gcc"), ("valgrind", "valgrind"),
                          ("prlimit", "util-linux"), ("setpriv", "util-linux")):
        if shutil.which(tool) is None:
            raise kit.GraderError(f"{tool} is missing: run `make deps` as root, or "
                                  f"`sudo apt-get install {package}`")


class Grader:
    """Grades (submission, lab) pairs on a pool of workers, each with a slot
    number of its own (which gives its student code a user id of its own)."""

    def __init__(self, mode: sandbox.Mode, jobs: int, tests: Sequence[str] | None = None) -> None:
        self.mode = mode
        self.tests = tests         # test numbers to run (--test), or None for all
        self.slots: queue.Queue[int] = queue.Queue()
        for slot in range(jobs):
            self.slots.put(slot)
        self.pool = ThreadPoolExecutor(max_workers=jobs)

    def _grade(self, lab: Lab, sub: submission.Submission) -> LabResult:
        """Grades lab of sub with a free slot, which it holds until done."""
        slot = self.slots.get()
        try:
            return labrun.grade_lab(self.mode, lab, sub, slot, self.tests)
        finally:
            self.slots.put(slot)

    def submit(self, lab: Lab, sub: submission.Submission) -> Future[LabResult]:
        """Grades lab of sub on the pool; the future gives its result."""
        return self.pool.submit(self._grade, lab, sub)


def _notes(mode: sandbox.Mode, args: argparse.Namespace, labs: list[Lab]) -> list[str]:
    """Notes for every student's feedback: the isolation when student code
    runs as the grader's own user, and labs that --hidden found no hidden
    tests for."""
    notes = [] if mode.other_user else [mode.describe()]
    missing = [lab.name for lab in labs if args.hidden and not lab.hidden_judge]
    if missing:
        notes.append(f"grader: no hidden tests here for {', '.join(missing)} (a handout, or a package "
                     "built without HIDDEN=1): --hidden ran their public tests only")
    return notes


def _longest_first(lab: Lab) -> tuple[int, int]:
    """Sorts the labs whose tests take longest first (those that wait on
    purpose or run valgrind, then the most tests), so that the long ones
    overlap the rest."""
    return -sum("slow" in t.flags for t in lab.tests), -len(lab.tests)


def _labs_of_tests(numbers: list[str]) -> list[str]:
    """The labs that tests N.M belong to ("1.9" -> lab "1")."""
    return sorted({n.split(".", 1)[0] for n in numbers})


def _check_tests(labs: list[Lab], numbers: list[str]) -> None:
    """Raises kit.GraderError when a --test number is not a test of labs."""
    known = {t.number for lab in labs for t in lab.tests}
    unknown = [n for n in numbers if n not in known]
    if unknown:
        hidden = " (hidden tests, N.Hn, run only with --hidden)" if any(".H" in n for n in unknown) else ""
        raise kit.GraderError(f"no test {', '.join(unknown)} in {', '.join(lab.name for lab in labs)}{hidden}: "
                              "`grader/grade --help`; the lab READMEs list the tests")


def _options(args: argparse.Namespace) -> list[str]:
    """The options that change what is graded, for results.json."""
    options = ["--lab=" + lab for lab in args.lab] + ["--test=" + n for n in args.test]
    if args.hidden:
        options += ["--hidden", "--hidden-visibility=" + args.hidden_visibility]
    if args.isolation:
        options.append(f"--isolation={args.isolation!s}")
    return options


def grade_one(args: argparse.Namespace, mode: sandbox.Mode, labs: list[Lab]) -> int:
    """Grades one submission (default: the kit's labs/), prints the table
    and feedback, writes --json; returns the exit status."""
    path = args.submission or os.path.join(kit.KIT, "labs")
    if not (os.path.isfile(path) and submission.is_archive(path)):
        _check_directory(path, "submission")
    started = time.monotonic()
    grader = Grader(mode, args.jobs, args.test or None)
    live.LIVE = live.LiveLine(sys.stderr)
    with submission.open_submission(path, {lab.student: lab.name for lab in labs}) as sub:
        futures = {lab.name: grader.submit(lab, sub) for lab in sorted(labs, key=_longest_first)}
        results = [futures[lab.name].result() for lab in labs]
    notes = _notes(mode, args, labs) + sub.problems + report.found_notes(results)
    sys.stdout.write(report.feedback_text(results, notes, report.use_colour(sys.stdout)))
    for r in results:
        if args.verbose and r.log:
            sys.stdout.write(f"\n{r.lab.name}: the calls the tests made\n" + "".join(f"  {line}\n" for line in r.log))
    if args.json:
        report.write_json(Path(args.json), report.results_json(results, time.monotonic() - started, notes))
    return EXIT_FULL if all(r.full_marks for r in results) else EXIT_POINTS_LOST


def grade_batch(args: argparse.Namespace, mode: sandbox.Mode, labs: list[Lab]) -> int:
    """--batch: every entry of the folder is a student (see batch.py)."""
    options = batch.Options(Path(args.batch), Path(args.out), Path(args.csv) if args.csv else None,
                            Path(args.report) if args.report else None, args.jobs)
    all_full = batch.run(options, labs, Grader(mode, args.jobs, args.test or None).submit, _notes(mode, args, labs))
    return EXIT_FULL if all_full else EXIT_POINTS_LOST


def _stop(signum: int, frame: FrameType | None) -> NoReturn:
    """Ctrl-C or a platform's SIGTERM: end every sandbox now, then unwind."""
    sandbox.stop_all()
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    """grader/grade: returns its exit status (EXIT_*); never raises."""
    args = parse_args(argv)
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        _check_tools()
        if args.submission and not (os.path.isfile(args.submission) and submission.is_archive(args.submission)):
            _check_directory(args.submission, "submission")
        if args.batch:
            _check_directory(args.batch, "batch folder")
        mode = sandbox.detect_mode(args.isolation)
        sandbox.VERBOSE = args.verbose
        labs = kit.select_labs(kit.discover_labs(), args.lab or _labs_of_tests(args.test))
        kit.build_kit(labs, hidden=args.hidden)
        _check_tests(labs, args.test)
        print(mode.describe(), file=sys.stderr)      # all is well: grading starts
        if mode.level == sandbox.Level.CONTAINER and sandbox.readable_by_others(Path(kit.KIT) / "solutions"):
            print("grader: warning: with no mount namespace, student code can read this kit's solutions/: "
                  "grade from a package (make gradescope, docs/platforms.md) or the handout",
                  file=sys.stderr)
        report.RUN_INFO.update(kit=kit.version(), isolation=str(mode.level), options=_options(args))
        report.HIDDEN_VISIBILITY["value"] = args.hidden_visibility
        if args.batch:
            return grade_batch(args, mode, labs)
        return grade_one(args, mode, labs)
    except kit.GraderError as e:
        print(f"grader: {e}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("grader: interrupted", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except Exception as e:                  # a bug of the grader's: one line, never a traceback
        print(f"grader: internal error: {type(e).__name__}: {e} (please report it)", file=sys.stderr)
        return EXIT_CANNOT_RUN
