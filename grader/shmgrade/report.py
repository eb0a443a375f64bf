"""What the grader says: the table and feedback on a terminal or in a file,
and Gradescope's results.json (a batch's gradebook is in batch.py)."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import Sequence, TextIO

from .labrun import LabResult

GREEN, RED, YELLOW, BOLD, RESET = "\033[32m", "\033[31m", "\033[33m", "\033[1m", "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """True when stream is a terminal and the user has not set NO_COLOR."""
    return stream.isatty() and "NO_COLOR" not in os.environ


def _points(value: float) -> str:
    """Points as a person writes them: 3, 2.5."""
    return f"{value:g}"


def _score_cell(score: float, maximum: float) -> str:
    """The table's points column: " 12/25 "."""
    return f"{_points(score):>5}/{_points(maximum):<3}"


def found_notes(results: Sequence[LabResult]) -> list[str]:
    """A line for the feedback for each lab whose file was not where the
    layout says, or had competitors: where it was found and why it was taken."""
    return [f"{r.lab.name}: {r.found}" for r in results if r.found]


def feedback_text(lab_results: Sequence[LabResult], notes: Sequence[str] = (), colour: bool = False,
                  tests: bool = True) -> str:
    """The table, then each failed test with its message (unless `tests` is
    false: results.json has them in its tests), then details."""
    def paint(text: str, code: str) -> str:
        return code + text + RESET if colour else text

    width = max([len(r.lab.name) for r in lab_results] + [5])
    lines = [f"{'lab':<{width}}  {'points':>7}  what is still wrong"]
    total = maximum = 0
    for r in lab_results:
        total += r.score
        maximum += r.max_score
        full = r.full_marks
        points = paint(_score_cell(r.score, r.max_score), GREEN if full else RED)
        lines.append(f"{r.lab.name:<{width}}  {points}  {'' if full else r.summary()}")
    lines.append(f"{'total':<{width}}  {paint(_score_cell(total, maximum), BOLD)}")
    for note in notes:
        lines.append(paint(note, YELLOW))

    for r in lab_results:
        failed = [t for t in r.results if not t.passed]
        if r.problem:
            lines += ["", paint(f"{r.lab.name}: {r.problem}", BOLD)]
        elif failed and tests:
            lines += ["", paint(f"{r.lab.name}: failed tests", BOLD)]
            for t in failed:
                plural = "" if t.test.points == 1 else "s"
                lines.append(f"  {t.test.number} {t.test.title} ({t.test.points} point{plural}): {t.message}")
        if r.details:
            lines += [""] + ["  " + line for line in r.details.splitlines()]
        if r.skipped:
            lines.append(f"  not run here (needs root): {', '.join(t.number for t in r.skipped)}")
    return "\n".join(lines) + "\n"


# Facts about the whole run for results.json's extra_data: the kit's
# version, the isolation level, the options (set once by cli.main).
RUN_INFO: dict[str, str | list[str]] = {}

# Gradescope's visibilities, and the one of hidden tests in this run
# (--hidden-visibility, set once by cli.main); public tests are "visible".
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
HIDDEN_VISIBILITY = {"value": "after_published"}


def _shown_now(lab_results: Sequence[LabResult]) -> Sequence[LabResult]:
    """The results as a student may see them at once: without the hidden
    tests, unless their visibility is "visible"."""
    if HIDDEN_VISIBILITY["value"] == "visible":
        return lab_results
    return [dataclasses.replace(r, results=[t for t in r.results if not t.test.hidden])
            for r in lab_results]


def results_json(lab_results: Sequence[LabResult], seconds: float,
                 notes: Sequence[str] = ()) -> dict[str, object]:
    """Gradescope's autograder results as a dict (see docs/grader.md).
    The top-level output, which a student sees at once, leaves out hidden
    tests that Gradescope itself keeps hidden for now."""
    tests = []
    for r in lab_results:
        for t in r.results:
            tests.append({
                "name": f"{r.lab.name}: {t.test.title}",
                "number": t.test.number,
                "tags": [r.lab.name],
                "score": t.score,
                "max_score": t.test.points,
                "status": "passed" if t.passed else "failed",
                "output": t.message if not t.passed else "",
                "visibility": HIDDEN_VISIBILITY["value"] if t.test.hidden else "visible",
            })
    return {
        "score": sum(r.score for r in lab_results),
        "execution_time": round(seconds, 2),
        "output": feedback_text(_shown_now(lab_results), notes, tests=False),
        "tests": tests,
        "extra_data": dict(RUN_INFO),
    }


def write_json(path: Path, data: dict[str, object]) -> None:
    """Writes JSON atomically: a reader never sees half a file."""
    tmp = Path(f"{path}.tmp")
    with open(tmp, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def progress(done: int, total: int, started: float, now: float, stream: TextIO = sys.stderr) -> None:
    """A one-line progress report on a terminal: done, left, time to go."""
    if not stream.isatty():
        return
    left = total - done
    eta = (now - started) / done * left if done else 0
    minutes, seconds = int(eta // 60), int(eta % 60)
    stream.write(f"\r\033[Kgraded {done}/{total}, {left} left, about {minutes}m{seconds:02d}s to go")
    if done == total:
        stream.write("\n")
    stream.flush()
