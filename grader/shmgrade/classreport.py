"""The class report of a batch (`--report FILE`): one self-contained HTML page
for the instructor, with inline SVG and no scripts or network:

- the score distribution of each lab;
- the tests the class failed most, with the most common first message;
- the students who scored 0 in a lab because nothing compiled or nothing
  was found.

Every number on the page is also in a data-* attribute, so that a test can
read the page back and compare it with the gradebook.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html import escape
from statistics import mean, median

MOST_FAILED_SHOWN = 15
BAR_WIDTH, BAR_GAP, CHART_HEIGHT = 14, 3, 120


@dataclass(frozen=True)
class Failure:
    """One failed test of one student's lab."""
    number: str              # "2.3"
    title: str
    message: str


@dataclass(frozen=True)
class LabOutcome:
    """One student's result in one lab, as far as the report needs it."""
    lab: str
    score: float
    max_score: float
    problem: str = ""        # the lab could not be graded normally (not found, no compile, ...)
    failures: list[Failure] = field(default_factory=list)


@dataclass(frozen=True)
class StudentRow:
    """One student: a printable name and an outcome per lab, in lab order."""
    name: str
    labs: list[LabOutcome]


def zero_reason(outcome: LabOutcome) -> str:
    """Why a lab scored 0 without its tests running: "nothing found",
    "nothing compiled", the problem itself, or "" when the tests ran. The
    words matched are labrun's problem texts."""
    if not outcome.problem or outcome.score:
        return ""
    if outcome.problem.startswith("not submitted"):
        return "nothing found"
    if "compile" in outcome.problem:
        return "nothing compiled"
    return outcome.problem


def _points(value: float) -> str:
    return f"{value:g}"


def _histogram_svg(lab: str, counts: Counter[float], max_score: float) -> str:
    """A bar a possible score (0..max), its height the number of students."""
    scores = [float(s) for s in range(int(max_score) + 1)]
    scores += sorted(s for s in counts if s not in scores)
    tallest = max(counts.values(), default=1)
    width = len(scores) * (BAR_WIDTH + BAR_GAP) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{CHART_HEIGHT + 40}" '
             f'role="img" aria-label="score distribution of {escape(lab)}">']
    for i, score in enumerate(scores):
        x = 20 + i * (BAR_WIDTH + BAR_GAP)
        count = counts.get(score, 0)
        height = round(CHART_HEIGHT * count / tallest)
        y = 15 + CHART_HEIGHT - height
        parts.append(f'<rect x="{x}" y="{y}" width="{BAR_WIDTH}" height="{height}" fill="#4a7ab5">'
                     f'<title>{count} with {_points(score)} points</title></rect>')
        if count:
            parts.append(f'<text x="{x + BAR_WIDTH / 2}" y="{y - 3}" font-size="10" '
                         f'text-anchor="middle">{count}</text>')
        if score in (0, max_score) or score % 5 == 0:
            parts.append(f'<text x="{x + BAR_WIDTH / 2}" y="{CHART_HEIGHT + 30}" font-size="10" '
                         f'text-anchor="middle">{_points(score)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _lab_section(lab: str, outcomes: list[LabOutcome]) -> str:
    """A lab's heading, key figures, histogram and table of scores."""
    scores = [o.score for o in outcomes]
    top = max((o.max_score for o in outcomes), default=0)
    counts = Counter(scores)
    rows = "".join(f'<tr><td>{_points(s)}</td><td data-lab="{escape(lab)}" data-score="{_points(s)}" '
                   f'data-count="{counts[s]}">{counts[s]}</td></tr>' for s in sorted(counts))
    full = sum(1 for s in scores if s == top)
    return (f'<section><h2>{escape(lab)}</h2>'
            f'<p data-lab="{escape(lab)}" data-students="{len(scores)}">{len(scores)} students; '
            f'mean {mean(scores) if scores else 0:.1f}, median {_points(median(scores) if scores else 0)} '
            f'of {_points(top)}; '
            f'{full} with full marks, {counts.get(0.0, 0)} with 0.</p>'
            f'{_histogram_svg(lab, counts, top)}'
            f'<table><tr><th>points</th><th>students</th></tr>{rows}</table></section>')


def _test_order(number: str) -> tuple[int, ...]:
    """A sort key that puts test 1.2 before 1.10."""
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def _most_failed(students: list[StudentRow]) -> str:
    """The tests failed by the most students whose lab ran, with the most
    common first line of their messages."""
    failed: Counter[tuple[str, str, str]] = Counter()
    messages: dict[tuple[str, str, str], Counter[str]] = {}
    ran: Counter[str] = Counter()
    for student in students:
        for outcome in student.labs:
            if outcome.problem:
                continue
            ran[outcome.lab] += 1
            for f in outcome.failures:
                key = (outcome.lab, f.number, f.title)
                failed[key] += 1
                first = f.message.splitlines()[0] if f.message else "(no message)"
                messages.setdefault(key, Counter())[first] += 1
    ranked = sorted(failed.items(), key=lambda item: (-item[1], item[0][0], _test_order(item[0][1])))
    ranked = ranked[:MOST_FAILED_SHOWN]
    if not ranked:
        return "<p>No test failed among the labs that compiled and ran.</p>"
    rows = []
    for (lab, number, title), count in ranked:
        message, said = messages[(lab, number, title)].most_common(1)[0]
        rows.append(f'<tr><td>{escape(lab)}</td><td>{escape(number)} {escape(title)}</td>'
                    f'<td data-test="{escape(number)}" data-failed="{count}" data-ran="{ran[lab]}">'
                    f'{count} of {ran[lab]}</td><td>{escape(message)} <small>({said} of {count})</small>'
                    f'</td></tr>')
    return ("<table><tr><th>lab</th><th>test</th><th>failed by</th>"
            "<th>most common first message</th></tr>" + "".join(rows) + "</table>")


def _zeros(students: list[StudentRow]) -> str:
    """The students with 0 in a lab whose tests never ran, and why."""
    rows = [f'<tr><td>{escape(o.lab)}</td><td data-zero="{escape(o.lab)}">{escape(s.name)}</td>'
            f'<td>{escape(zero_reason(o))}</td></tr>'
            for i in range(len(students[0].labs) if students else 0)
            for s in students for o in [s.labs[i]] if zero_reason(o)]
    if not rows:
        return "<p>None.</p>"
    return "<table><tr><th>lab</th><th>student</th><th>why</th></tr>" + "".join(rows) + "</table>"


STYLE = """
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
td, th { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
section { margin-bottom: 2em; }
"""


def render(labs: list[str], students: list[StudentRow], title: str) -> str:
    """The whole page. labs: lab names in order; students: in gradebook order."""
    sections = "".join(_lab_section(lab, [s.labs[i] for s in students]) for i, lab in enumerate(labs))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<title>{escape(title)}</title><style>{STYLE}</style></head><body>'
            f'<h1>{escape(title)}</h1>'
            f'<p data-students="{len(students)}">{len(students)} students, '
            f'{len(labs)} lab{"s" if len(labs) != 1 else ""}: {escape(", ".join(labs))}.</p>'
            f'<h2>Score distribution of each lab</h2>{sections}'
            f'<h2>Tests the class failed most</h2>{_most_failed(students)}'
            f'<h2>Scored 0 because nothing compiled or nothing was found (or the file could not be used)</h2>'
            f'{_zeros(students)}'
            f'</body></html>\n')
