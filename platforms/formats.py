"""The results files of the grading platforms: checks of their documented
fields, the results written when grading itself fails, and conversions from
the grader's results.json (Gradescope's format, docs/grader.md).

Documented formats:
- Gradescope: gradescope-autograders.readthedocs.io, "Autograder
  Specifications": top-level `score`, `execution_time`, `output`,
  `extra_data`, `tests` with `name`, `score`, `max_score`, `status`, ...
- PrairieLearn: docs "External Grading", "Grading results": `gradable`,
  `score` from 0.0 to 1.0, `message`, `output`, `tests` with `name`,
  `points`, `max_points`, `message`, `output`.
- Autolab: docs "Guide for Lab Authors": the last line of output is
  `{"scores": {"PROBLEM": POINTS, ...}}`.
"""

from __future__ import annotations

import json
from typing import Any, Callable, TypeGuard

JSON = dict[str, Any]

FAILED = "Grading itself failed, so this score of 0 says nothing about your code: " \
         "tell your instructor."


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _field_problems(where: str, data: JSON, fields: dict[str, str]) -> list[str]:
    """What is wrong with the typed fields of one object ("number", "str",
    "bool", "list"); a field not present is not a problem here."""
    checks: dict[str, Callable[[object], bool]] = {
        "number": _number, "str": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool), "list": lambda v: isinstance(v, list)}
    return [f"{where}{name} is not a {kind}: {data[name]!r}"
            for name, kind in fields.items() if name in data and not checks[kind](data[name])]


def gradescope_problems(data: object) -> list[str]:
    """Every way `data` breaks Gradescope's results.json format; [] when valid."""
    if not isinstance(data, dict):
        return ["results.json is not a JSON object"]
    problems = _field_problems("", data, {"score": "number", "execution_time": "number",
                                          "output": "str", "tests": "list"})
    tests = data.get("tests", [])
    if "score" not in data and not tests:
        problems.append("no top-level score and no tests")
    for i, test in enumerate(tests if isinstance(tests, list) else []):
        if not isinstance(test, dict):
            problems.append(f"tests[{i}] is not an object")
            continue
        problems += _field_problems(f"tests[{i}].", test, {
            "name": "str", "number": "str", "score": "number", "max_score": "number",
            "output": "str", "tags": "list", "visibility": "str"})
        if "score" not in data and "score" not in test:
            problems.append(f"tests[{i}] has no score and there is no top-level score")
        if test.get("status", "passed") not in ("passed", "failed"):
            problems.append(f"tests[{i}].status is neither passed nor failed")
    return problems


def prairielearn_problems(data: object) -> list[str]:
    """Every way `data` breaks PrairieLearn's external-grading results; [] when valid."""
    if not isinstance(data, dict):
        return ["results.json is not a JSON object"]
    problems = _field_problems("", data, {"gradable": "bool", "score": "number",
                                          "message": "str", "output": "str", "tests": "list"})
    gradable = data.get("gradable", True)
    score = data.get("score")
    if gradable and not (_number(score) and 0 <= score <= 1):
        problems.append(f"a gradable result needs a score from 0 to 1, not {score!r}")
    for i, test in enumerate(data.get("tests", []) if isinstance(data.get("tests"), list) else []):
        if not isinstance(test, dict):
            problems.append(f"tests[{i}] is not an object")
            continue
        problems += [f"tests[{i}] has no {name}" for name in ("name", "points", "max_points")
                     if name not in test]
        problems += _field_problems(f"tests[{i}].", test, {
            "name": "str", "description": "str", "points": "number", "max_points": "number",
            "message": "str", "output": "str"})
    return problems


def lab_scores(results: JSON, labs: list[str]) -> dict[str, float]:
    """Each lab's points in a grader results.json (its tests are tagged with
    the lab's name); a lab with no tests in the file scores 0."""
    scores = {lab: 0.0 for lab in labs}
    for test in results.get("tests", []):
        for lab in test.get("tags", []):
            if lab in scores:
                scores[lab] += test.get("score", 0)
    return scores


def autolab_line(scores: dict[str, float]) -> str:
    """Autolab's autoresult: the one JSON line that must end the output."""
    whole = {lab: int(points) if float(points).is_integer() else points
             for lab, points in scores.items()}
    return json.dumps({"scores": whole})


def gradescope_failure(reason: str, log: str, seconds: float) -> JSON:
    """Gradescope results for a run in which the grader could not grade."""
    return {
        "score": 0,
        "execution_time": round(seconds, 2),
        "output": f"{FAILED}\n{reason}\n\nThe grader's last lines:\n{log}",
        "tests": [],
        "extra_data": {"grading_failed": True},
    }


def prairielearn_failure(reason: str, log: str) -> JSON:
    """PrairieLearn results for a run in which the grader could not grade:
    not gradable, so the student loses no attempt."""
    return {
        "gradable": False,
        "score": 0.0,
        "message": f"{FAILED} {reason}",
        "output": f"The grader's last lines:\n{log}",
        "tests": [],
    }


def prairielearn_from_gradescope(results: JSON) -> JSON:
    """PrairieLearn's results for the grader's Gradescope-format results: the
    score as a fraction of the graded tests' points, one entry a test."""
    tests = results.get("tests", [])
    earned = sum(t.get("score", 0) for t in tests)
    maximum = sum(t.get("max_score", 0) for t in tests)
    isolation = results.get("extra_data", {}).get("isolation")
    message = f"{earned:g} of {maximum:g} points"
    if isolation:
        message += f" (isolation: {isolation})"
    return {
        "gradable": True,
        "score": earned / maximum if maximum else 0.0,
        "message": message,
        "output": results.get("output", ""),
        "tests": [{
            "name": t.get("name", ""),
            "description": f"test {t['number']}" if "number" in t else "",
            "points": t.get("score", 0),
            "max_points": t.get("max_score", 0),
            "message": t.get("output") or ("passed" if t.get("status") == "passed" else ""),
            "output": "",
        } for t in tests],
    }
