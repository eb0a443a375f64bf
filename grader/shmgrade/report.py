"""What the grader says: the table and feedback on a terminal or in a file,
and Gradescope's results.json (a batch's gradebook is in batch.py)."""

import dataclasses
import json
import os
import sys

GREEN, RED, YELLOW, BOLD, RESET = "\033[32m", "\033[31m", "\033[33m", "\033[1m", "\033[0m"


def use_colour(stream):
    return stream.isatty() and "NO_COLOR" not in os.environ


def _points(value):
    return ("%g" % value)


def feedback_text(lab_results, notes=(), colour=False, tests=True):
    """The table, then each failed test with its message (unless `tests` is
    false: results.json has them in its tests), then details."""
    def paint(text, code):
        return code + text + RESET if colour else text

    width = max([len(r.lab.name) for r in lab_results] + [5])
    lines = ["%-*s  %7s  %s" % (width, "lab", "points", "what is still wrong")]
    total = maximum = 0
    for r in lab_results:
        total += r.score
        maximum += r.max_score
        full = r.score == r.max_score and not r.problem
        pts = "%5s/%-3s" % (_points(r.score), _points(r.max_score))
        lines.append("%-*s  %s  %s" % (width, r.lab.name, paint(pts, GREEN if full else RED),
                                       "" if full else r.summary()))
    lines.append("%-*s  %s" % (width, "total", paint("%5s/%-3s" % (_points(total), _points(maximum)), BOLD)))
    for note in notes:
        lines.append(paint(note, YELLOW))

    for r in lab_results:
        failed = [t for t in r.results if not t.passed]
        if r.problem:
            lines += ["", paint("%s: %s" % (r.lab.name, r.problem), BOLD)]
        elif failed and tests:
            lines += ["", paint("%s: failed tests" % r.lab.name, BOLD)]
            for t in failed:
                lines.append("  %s %s (%d point%s): %s" % (t.test.number, t.test.title, t.test.points,
                                                          "" if t.test.points == 1 else "s", t.message))
        if r.details:
            lines += [""] + ["  " + line for line in r.details.splitlines()]
        if r.skipped:
            lines.append("  not run here (needs root): %s" % ", ".join(t.number for t in r.skipped))
    return "\n".join(lines) + "\n"


# Facts about the whole run for results.json's extra_data: the kit's
# version, the isolation level, the options (set once by cli.main).
RUN_INFO = {}

# Gradescope's visibilities, and the one of hidden tests in this run
# (--hidden-visibility, set once by cli.main); public tests are "visible".
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
HIDDEN_VISIBILITY = {"value": "after_published"}


def _shown_now(lab_results):
    """The results as a student may see them at once: without the hidden
    tests, unless their visibility is "visible"."""
    if HIDDEN_VISIBILITY["value"] == "visible":
        return lab_results
    return [dataclasses.replace(r, results=[t for t in r.results if not t.test.hidden])
            for r in lab_results]


def results_json(lab_results, seconds, notes=()):
    """Gradescope's autograder results as a dict (see docs/grader.md).
    The top-level output, which a student sees at once, leaves out hidden
    tests that Gradescope itself keeps hidden for now."""
    tests = []
    for r in lab_results:
        for t in r.results:
            tests.append({
                "name": "%s: %s" % (r.lab.name, t.test.title),
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


def write_json(path, data):
    """Writes JSON atomically: a reader never sees half a file."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def progress(done, total, started, now, stream=sys.stderr):
    """A one-line progress report on a terminal: done, left, time to go."""
    if not stream.isatty():
        return
    left = total - done
    eta = (now - started) / done * left if done else 0
    stream.write("\r\033[Kgraded %d/%d, %d left, about %dm%02ds to go" % (done, total, left, eta // 60, eta % 60))
    if done == total:
        stream.write("\n")
    stream.flush()
