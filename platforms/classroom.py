"""GitHub Classroom's autograding workflow for the kit: one step a test,
each `make grade LAB=NN-topic T=N.M` worth that test's points, then the
reporter that sends the total to Classroom (the format of the
classroom-resources autograding-command-grader and
autograding-grading-reporter actions)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from package import KIT, PackageError

COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
STEP_TIMEOUT_MINUTES = 5

# Lists the tests of the labs named in argv (all when none) as JSON, from
# the kit's own test tables (each lab's judge, built if needed).
_LIST_TESTS = """
import json, sys
from shmgrade import kit
labs = kit.select_labs(kit.discover_labs(), sys.argv[1:])
kit.build_kit(labs)
print(json.dumps([[lab.name, t.number, t.points, t.title] for lab in labs for t in lab.tests]))
"""


@dataclass(frozen=True)
class KitTest:
    """One graded test of the kit."""
    lab: str
    number: str
    points: int
    title: str

    @property
    def step_id(self) -> str:
        """The workflow step's id: test-1-10 for test 1.10."""
        return "test-" + self.number.replace(".", "-")


def kit_tests(labs: list[str]) -> list[KitTest]:
    """The tests of `labs` with their points and titles, from the kit itself.
    The one place that asks the kit for its tests."""
    done = subprocess.run([sys.executable, "-c", _LIST_TESTS, *labs], cwd=KIT / "grader",
                          capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise PackageError(f"cannot list the kit's tests: {last}")
    return [KitTest(lab, number, int(points), title)
            for lab, number, points, title in json.loads(done.stdout)]


def _q(text: str) -> str:
    """A YAML scalar for `text`: a JSON string is a valid YAML one."""
    return json.dumps(text)


def _grader_step(test: KitTest) -> list[str]:
    name = f"{test.lab} {test.number}: {test.title}"
    return [
        f"      - name: {_q(name)}",
        f"        id: {test.step_id}",
        f"        uses: {COMMAND_GRADER}",
        "        with:",
        f"          test-name: {_q(name)}",
        f"          command: {_q(f'sudo make grade LAB={test.lab} T={test.number}')}",
        f"          timeout: {STEP_TIMEOUT_MINUTES}",
        f"          max-score: {test.points}",
    ]


def workflow(tests: list[KitTest]) -> str:
    """The text of .github/workflows/classroom.yml for `tests`."""
    total = sum(t.points for t in tests)
    lines = [
        "# GitHub Classroom autograding for shm-labs, made by `make classroom`:",
        f"# one step a test, worth that test's points ({len(tests)} tests, {total} points).",
        "# The grader runs as root (sudo), so that every test is judged.",
        "name: Autograding Tests",
        '"on":',
        "  - push",
        "  - repository_dispatch",
        "  - workflow_dispatch",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        "  run-autograding-tests:",
        "    runs-on: ubuntu-latest",
        "    if: github.actor != 'github-classroom[bot]'",
        "    steps:",
        "      - name: Checkout code",
        "        uses: actions/checkout@v4",
        "      - name: Install what grading needs and build the kit",
        "        run: sudo make kit",
    ]
    for test in tests:
        lines += _grader_step(test)
    lines += ["      - name: Autograding Reporter", f"        uses: {REPORTER}", "        env:"]
    lines += [f"          {t.step_id.upper()}_RESULTS: "
              f"{_q('${{steps.' + t.step_id + '.outputs.result}}')}" for t in tests]
    lines += ["        with:", f"          runners: {','.join(t.step_id for t in tests)}"]
    return "\n".join(lines) + "\n"


def write_workflow(dist: Path, labs: list[str]) -> Path:
    """Writes DIST/classroom/.github/workflows/classroom.yml for `labs`."""
    out = dist / "classroom" / ".github" / "workflows" / "classroom.yml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(workflow(kit_tests(labs)))
    return out
