"""Grading a class (`grader/grade --batch DIR`): every entry of DIR is one
student, and nobody is lost.

- Students: every folder of DIR (dot-named too) and every loose .zip, .tar or
  .tar.gz archive. An archive is a student named after the file, suffix and
  all (late-student.zip), so that no two students can share a name. Any
  other entry (a loose file, a symbolic link) is listed in the summary.
- Each student's files are found as submission.py says; an unexpected error
  while grading one student is that student's problem, in their feedback and
  in the summary, and the batch goes on.
- --out DIR gets a folder a student (results.json, feedback.txt) whose name
  is derived safely from the student's, and summary.txt. The grader marks
  its folders with MARK; marked folders of students no longer in the batch
  are removed, and unmarked folders are left and reported.
- --csv: the gradebook, written atomically, its cells safe in a spreadsheet.
- --report: the class report (classreport.py).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import classreport, kit, report
from .kit import Lab
from .labrun import LabResult, TestResult
from .submission import Submission, is_archive, open_submission, printable

MARK = ".shmgrade-student"       # in each student folder the grader made in --out
SUMMARY = "summary.txt"
MAX_FOLDER_NAME = 100
FOLDER_NAME_EXTRA = "._-+=@,"    # allowed in folder names besides letters and digits
CSV_RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")

SubmitLab = Callable[[Lab, Submission], "Future[LabResult]"]


@dataclass(frozen=True)
class Options:
    """Where the batch reads and writes."""
    batch: Path
    out: Path
    csv: Path | None
    report: Path | None
    jobs: int


@dataclass
class Student:
    """One entry of the batch folder that is graded."""
    name: str                    # as listed (may hold surrogates for non-UTF-8 bytes)
    path: Path
    folder: str = ""             # its folder in --out
    results: list[LabResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)    # for the student's feedback
    seconds: float = 0.0

    @property
    def shown(self) -> str:
        """The name as a person reads it (non-UTF-8 bytes escaped)."""
        return printable(self.name)


def list_students(batch: Path) -> tuple[list[Student], list[str]]:
    """The students of the batch folder, sorted by name, and one line for
    each entry that is not graded, saying why."""
    students, others = [], []
    for name in sorted(os.listdir(batch)):
        path = batch / name
        mode = os.lstat(path).st_mode
        if stat.S_ISDIR(mode) or stat.S_ISREG(mode) and is_archive(name):
            students.append(Student(name, path))
        elif stat.S_ISLNK(mode):
            others.append(f"{printable(name)}: a symbolic link, not followed: not graded")
        else:
            others.append(f"{printable(name)}: neither a folder nor a .zip, .tar or .tar.gz "
                          "archive: not graded")
    return students, others


def folder_name(shown: str, taken: set[str]) -> str:
    """A folder name for a student, safe on any file system and unique among
    taken (which it joins): letters, digits and FOLDER_NAME_EXTRA, other
    characters as "_", no leading dot, at most MAX_FOLDER_NAME characters,
    "-2", "-3" ... appended on a clash."""
    safe = "".join(c if c.isalnum() or c in FOLDER_NAME_EXTRA else "_" for c in shown)
    safe = ("_" + safe[1:] if safe.startswith(".") else safe)[:MAX_FOLDER_NAME] or "_"
    name, n = safe, 1
    while name.lower() in taken:
        n += 1
        name = f"{safe}-{n}"
    taken.add(name.lower())
    return name


def csv_cell(text: str) -> str:
    """text made safe for a spreadsheet: a cell that could start a formula
    gets a leading single quote (OWASP, CSV injection)."""
    return "'" + text if text.startswith(CSV_RISKY_STARTS) else text


def atomic_write(path: Path, text: str) -> None:
    """Writes text (UTF-8) to path through a temporary file in the same
    folder and a rename: a reader sees the old file or the new, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def gradebook_csv(labs: list[Lab], students: list[Student]) -> str:
    """The gradebook: a row a student, a column a lab, then the total."""
    text = io.StringIO()
    out = csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    out.writerow(["student"] + [lab.name for lab in labs] + ["total"])
    for s in students:
        scores = [r.score for r in s.results]
        out.writerow([csv_cell(s.shown)] + [f"{v:g}" for v in scores] + [f"{sum(scores):g}"])
    return text.getvalue()


def failed_lab(lab: Lab, message: str) -> LabResult:
    """A LabResult for a lab the grader could not grade: 0, with message."""
    return LabResult(lab, results=[TestResult(t, False, message) for t in lab.tests], problem=message)


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _collect(student: Student, labs: list[Lab], futures: list[Future[LabResult]]) -> None:
    """Adds each lab's result to student; a lab whose grading raised
    scores 0 with the error, except kit.GraderError, which is raised."""
    for lab, future in zip(labs, futures):
        error = future.exception()
        if error is None:
            student.results.append(future.result())
            continue
        if isinstance(error, kit.GraderError):
            raise error
        student.results.append(failed_lab(
            lab, f"the grader failed on this lab ({_error_text(error)}): tell your instructor"))
        student.problems.append(f"{lab.name}: grading failed ({_error_text(error)})")


def grade_student(student: Student, labs: list[Lab], submit: SubmitLab) -> Student:
    """Grades every lab of one student; fills in results, problems and notes.
    Raises only kit.GraderError (the grader itself cannot run)."""
    started = time.monotonic()
    try:
        with open_submission(student.path, {lab.student: lab.name for lab in labs}) as sub:
            student.problems += sub.problems
            student.notes += sub.problems
            futures = [submit(lab, sub) for lab in labs]
            wait(futures)                # the submission stays open until every lab is done
            _collect(student, labs, futures)
    except kit.GraderError:
        raise
    except Exception as e:           # noqa: BLE001 - one student's problem, never the batch's
        student.results = [failed_lab(lab, f"the grader failed on this submission ({_error_text(e)}): "
                                           "tell your instructor") for lab in labs]
        student.problems.append(f"grading failed ({_error_text(e)})")
    if all(r.problem.startswith("not submitted") for r in student.results):
        student.problems.append("nothing found: none of " + ", ".join(lab.student for lab in labs)
                                + ", in any layout or archive")
    student.notes += report.found_notes(student.results)
    student.seconds = time.monotonic() - started
    return student


def _outcomes(student: Student) -> classreport.StudentRow:
    """The student as the class report sees it."""
    return classreport.StudentRow(student.shown, [
        classreport.LabOutcome(r.lab.name, r.score, r.max_score, r.problem,
                               [classreport.Failure(t.test.number, t.test.title, t.message)
                                for t in r.results if not t.passed])
        for r in student.results])


def _write_student(out: Path, student: Student, notes: list[str]) -> None:
    """out/FOLDER with MARK, results.json and feedback.txt."""
    folder = out / student.folder
    if folder.is_symlink():
        raise kit.GraderError(f"{folder} is a symbolic link: remove it or choose another --out")
    folder.mkdir(exist_ok=True)
    atomic_write(folder / MARK, student.shown + "\n")
    every_note = notes + student.notes
    report.write_json(folder / "results.json",
                      report.results_json(student.results, student.seconds, every_note))
    atomic_write(folder / "feedback.txt", report.feedback_text(student.results, every_note))


def _tidy_out(out: Path, current: set[str]) -> list[str]:
    """Removes the marked folders of out that are not in current (students
    of an earlier run); returns a line for each folder removed or left."""
    lines = []
    for entry in sorted(os.listdir(out)):
        path = out / entry
        if entry in current or path.is_symlink() or not path.is_dir():
            continue
        mark = path / MARK
        if mark.is_file() and not mark.is_symlink():
            shutil.rmtree(path)
            lines.append(f"{printable(entry)}/: removed from {out}, left by an earlier run "
                         "(no such student now)")
        else:
            lines.append(f"{printable(entry)}/: in {out} but not made by the grader: left as it is")
    return lines


def _check_places(options: Options) -> None:
    """Raises kit.GraderError when the batch folder cannot be read or an
    output would land inside it (it would be taken for a student)."""
    batch = options.batch
    if not batch.is_dir() or not os.access(batch, os.R_OK | os.X_OK):
        raise kit.GraderError(f"batch folder {batch} is not a readable directory")
    for what, path in (("--out", options.out), ("--csv", options.csv), ("--report", options.report)):
        if path is not None and path.resolve().is_relative_to(batch.resolve()):
            raise kit.GraderError(f"{what} {path} is inside the batch folder {batch}: "
                                  "it would be taken for a student; put it elsewhere")


def summary_text(options: Options, students: list[Student], others: list[str],
                 tidied: list[str], seconds: float) -> str:
    """The class summary: how many were graded, then every problem."""
    archives = sum(1 for s in students if s.path.is_file())
    rate = len(students) / seconds * 60 if seconds else 0.0
    folders = len(students) - archives
    lines = [f"graded {len(students)} students ({folders} folder{'s' * (folders != 1)}, {archives} "
             f"archive{'s' * (archives != 1)}) from {options.batch} in {seconds:.1f} s ({rate:.1f} per minute); "
             f"results in {options.out}/"]
    problems = [f"{s.shown}: {p}" for s in students for p in s.problems]
    problems += [f"{s.shown}: name rewritten: its folder in {options.out} is {s.folder}/"
                 for s in students if s.folder != s.shown]
    problems += others + tidied
    if problems:
        lines.append(f"problems ({len(problems)}):")
        lines += ["  " + p for p in sorted(problems)]
    else:
        lines.append("no problems: every entry was a student with a file found")
    return "\n".join(lines) + "\n"


def run(options: Options, labs: list[Lab], submit: SubmitLab, notes: list[str]) -> bool:
    """Grades the batch and writes everything asked for. Returns True when
    every student has full marks in every lab. Raises kit.GraderError when
    the grader itself cannot run."""
    _check_places(options)
    try:
        students, others = list_students(options.batch)
    except OSError as e:
        raise kit.GraderError(f"batch folder {options.batch} cannot be read: {e.strerror}") from None
    if not students:
        raise kit.GraderError(f"batch folder {options.batch} has no folders or archives to grade")
    reserved = {SUMMARY.lower()} | {p.name.lower() for p in (options.csv, options.report)
                                    if p is not None and p.resolve().parent == options.out.resolve()}
    for s in students:
        s.folder = folder_name(s.shown, reserved)
    for note in notes:
        print(note, file=sys.stderr)
    started = time.monotonic()
    try:
        options.out.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=options.jobs) as pool:
            futures = [pool.submit(grade_student, s, labs, submit) for s in students]
            try:
                for done, future in enumerate(as_completed(futures), 1):
                    _write_student(options.out, future.result(), notes)
                    report.progress(done, len(students), started, time.monotonic())
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        tidied = _tidy_out(options.out, {s.folder for s in students})
        summary = summary_text(options, students, others, tidied, time.monotonic() - started)
        atomic_write(options.out / SUMMARY, summary)
        if options.csv:
            atomic_write(options.csv, gradebook_csv(labs, students))
        if options.report:
            page = classreport.render([lab.name for lab in labs], [_outcomes(s) for s in students],
                                      f"shm-labs class report: {printable(options.batch.name)}")
            atomic_write(options.report, page)
    except OSError as e:
        raise kit.GraderError(f"cannot write the results ({e.filename}: {e.strerror})") from None
    sys.stdout.write(summary)
    return all(r.full_marks for s in students for r in s.results)
