#!/usr/bin/env python3
"""The autograder inside a platform's grading container: grades one
submission with grader/grade and always leaves the platform's results, also
when grading itself fails (then with a score of 0 and the reason).

  python3 platforms/autograde.py gradescope          (Gradescope's run_autograder)
  python3 platforms/autograde.py prairielearn        (PrairieLearn's tests/run)
  python3 platforms/autograde.py autolab FOLDER      (Autolab's Makefile)

Environment (see docs/platforms.md):
  AUTOGRADER_ROOT   Gradescope's root: submission/ in, results/results.json out
                    (default /autograder)
  PL_GRADE_ROOT     PrairieLearn's root: student/ in, results/results.json out
                    (default /grade)
  SHM_LABS_LABS     the labs to grade, separated by spaces (default: the labs
                    the package was made for, in platforms/grading.json)
  SHM_LABS_HIDDEN   1 runs the hidden tests too, 0 does not (default: the package's)
  SHM_LABS_TIMEOUT  seconds after which the grader is stopped and a failure
                    result written, before the platform's own limit (default: none)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import formats  # noqa: E402
from package import all_labs  # noqa: E402

KIT = Path(__file__).resolve().parent.parent
SETTINGS = KIT / "platforms" / "grading.json"
LOG_LINES = 20


@dataclass(frozen=True)
class Settings:
    """What to grade: the labs (all when empty), hidden tests, a time bound."""
    labs: list[str]
    hidden: bool
    timeout: float | None


@dataclass(frozen=True)
class Run:
    """One run of the grader: its exit status (None when it did not finish),
    its output, and how long it took."""
    status: int | None
    log: str
    seconds: float

    def tail(self) -> str:
        """The last lines of the grader's output, for a failure message."""
        lines = self.log.rstrip().splitlines()[-LOG_LINES:]
        return "\n".join(lines) if lines else "(the grader printed nothing)"


def load_settings() -> Settings:
    """The package's settings (platforms/grading.json, written by the
    builder), overridden by the SHM_LABS_* environment variables."""
    saved: dict[str, Any] = json.loads(SETTINGS.read_text()) if SETTINGS.is_file() else {}
    labs = os.environ.get("SHM_LABS_LABS", "").split() or list(saved.get("labs", []))
    hidden_env = os.environ.get("SHM_LABS_HIDDEN")
    hidden = hidden_env == "1" if hidden_env in ("0", "1") else bool(saved.get("hidden", False))
    timeout = float(os.environ.get("SHM_LABS_TIMEOUT", "0") or 0)
    return Settings(labs, hidden, timeout if timeout > 0 else None)


def stop(process: subprocess.Popen[str]) -> str:
    """Stops the grader's process group (TERM, then KILL after 5 s); returns
    what it printed."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            return process.communicate(timeout=wait)[0] or ""
        except subprocess.TimeoutExpired:
            continue
    return ""


def run_grader(settings: Settings, submission: Path, results: Path) -> Run:
    """Runs grader/grade on `submission`, its results.json to `results`."""
    command = [sys.executable, str(KIT / "grader" / "grade"), "--json", str(results)]
    for lab in settings.labs:
        command += ["--lab", lab]
    if settings.hidden:
        command.append("--hidden")
    command.append(str(submission))
    started = time.monotonic()
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, start_new_session=True)
    except OSError as e:
        return Run(None, f"cannot start the grader: {e}", 0.0)
    try:
        log = process.communicate(timeout=settings.timeout)[0]
    except subprocess.TimeoutExpired:
        log = stop(process) + f"\n(stopped after {settings.timeout:g} s: SHM_LABS_TIMEOUT)"
        return Run(None, log, time.monotonic() - started)
    return Run(process.returncode, log, time.monotonic() - started)


def graded(run: Run, results: Path) -> tuple[formats.JSON | None, str]:
    """The grader's results when it graded: (results, ""); otherwise
    (None, why not) in one line."""
    if run.status is None:
        return None, "The grader did not finish."
    if run.status not in (0, 1):
        return None, f"The grader exited with status {run.status}."
    try:
        data = json.loads(results.read_text())
    except FileNotFoundError:
        return None, "The grader wrote no results.json."
    except (OSError, ValueError) as e:
        return None, f"The grader's results.json cannot be read: {e}."
    problems = formats.gradescope_problems(data)
    if problems:
        return None, f"The grader's results.json is not valid: {problems[0]}."
    return data, ""


def grade(submission: Path) -> tuple[Run, formats.JSON | None, str]:
    """Grades `submission` with the package's settings: the run, and the
    results or why there are none. The grader's output goes to stdout."""
    try:
        with tempfile.TemporaryDirectory(prefix="shm-labs-results.") as tmp:
            results = Path(tmp) / "results.json"
            run = run_grader(load_settings(), submission, results)
            data, reason = graded(run, results)
    except Exception as e:  # any failure of ours must still give results
        run, data, reason = Run(None, f"{type(e).__name__}: {e}", 0.0), None, \
            "The autograder itself failed before the grader finished."
    sys.stdout.write(run.log)
    sys.stdout.flush()
    return run, data, reason


def write_json(path: Path, data: formats.JSON) -> None:
    """Writes `data` to `path` whole or not at all (a temporary file renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)


def gradescope() -> int:
    """Gradescope: $AUTOGRADER_ROOT/submission in, results/results.json out."""
    root = Path(os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    out = root / "results" / "results.json"
    out.unlink(missing_ok=True)
    run, data, reason = grade(root / "submission")
    write_json(out, data if data is not None else formats.gradescope_failure(reason, run.tail(), run.seconds))
    return 0


def prairielearn() -> int:
    """PrairieLearn: $PL_GRADE_ROOT/student in, results/results.json out."""
    root = Path(os.environ.get("PL_GRADE_ROOT", "/grade"))
    out = root / "results" / "results.json"
    out.unlink(missing_ok=True)
    run, data, reason = grade(root / "student")
    write_json(out, formats.prairielearn_from_gradescope(data) if data is not None
               else formats.prairielearn_failure(reason, run.tail()))
    return 0


def handin_copy(folder: Path, into: Path) -> None:
    """Copies what the student handed in from Autolab's working folder (all
    but the autograder's own files) into the empty folder `into`, links as links."""
    ours = {"Makefile", "autograde-Makefile", "autograde.tar", KIT.name}
    for entry in sorted(folder.iterdir()):
        if entry.name in ours:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, into / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, into / entry.name, follow_symlinks=False)


def autolab(folder: Path) -> int:
    """Autolab: the handin beside the Makefile in, the feedback and then the
    scores line as the last line of stdout. Always exits 0, so that make adds
    no line after it."""
    try:
        labs = load_settings().labs or all_labs()
    except (OSError, ValueError):
        labs = all_labs()
    with tempfile.TemporaryDirectory(prefix="shm-labs-handin.") as tmp:
        submission = Path(tmp) / "submission"
        submission.mkdir()
        try:
            handin_copy(folder, submission)
            run, data, reason = grade(submission)
        except OSError as e:
            run, data, reason = Run(None, str(e), 0.0), None, "The handin cannot be read."
    if data is None:
        print(f"\n{formats.FAILED}\n{reason}\nThe grader's last lines:\n{run.tail()}")
        data = {}
    print(formats.autolab_line(formats.lab_scores(data, labs)), flush=True)
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="platforms/autograde.py", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.split("\n\n")[2:]))
    parser.add_argument("platform", choices=["gradescope", "prairielearn", "autolab"])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("."),
                        help="autolab: the folder with the handin (default: the current one)")
    args = parser.parse_args(argv)
    if args.platform == "autolab":
        return autolab(args.folder)
    return gradescope() if args.platform == "gradescope" else prairielearn()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
