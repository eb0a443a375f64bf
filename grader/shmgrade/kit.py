"""The kit as the grader sees it: where it is, its labs, their test tables,
and the trusted build of everything that is not student code."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KIT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))


class GraderError(Exception):
    """The grader itself cannot run: one line for the user, exit status 2."""


@dataclass(frozen=True)
class Test:
    """One graded test of a lab, as the lab's judge lists it."""
    number: str
    points: int
    flags: frozenset[str]
    name: str
    title: str
    hidden: bool = False     # an instructor's hidden test (tests/hidden/), run with --hidden


@dataclass
class Lab:
    """A lab folder, labs/NN-topic. Its student file, programs and tests
    are what its judge describes (`judge --describe`), filled in by
    build_kit: the lab's Makefile is their one source."""
    name: str                # "01-create"
    student: str = ""        # "create.c"
    programs: list[str] = field(default_factory=list)
    tests: list[Test] = field(default_factory=list)

    @property
    def directory(self) -> str:
        return os.path.join(KIT, "labs", self.name)

    @property
    def build_dir(self) -> str:
        return os.path.join(KIT, "build", self.name)

    @property
    def judge(self) -> str:
        return os.path.join(self.build_dir, "judge")

    @property
    def hidden_judge(self) -> str | None:
        """The judge of the lab's hidden tests, or None when the kit has none
        for this lab (a handout, a package built without HIDDEN=1)."""
        source = os.path.join(self.directory, "tests", "hidden",
                              self.student[:-len(".c")] + "_hidden.c")
        return os.path.join(self.build_dir, "judge-hidden") if os.path.isfile(source) else None

    @property
    def number(self) -> int:
        return int(self.name.split("-", 1)[0])


def version() -> str:
    """The kit's version: its VERSION file (in a package), else what git
    says of the checkout, else "unknown"."""
    path = Path(KIT, "VERSION")
    if path.is_file():
        return path.read_text().strip() or "unknown"
    try:
        done = subprocess.run(["git", "-C", KIT, "describe", "--always", "--dirty"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    except OSError:              # no git here (a grading image)
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


def discover_labs() -> list[Lab]:
    """Every labs/NN-topic folder that has a Makefile, in order (build_kit
    then says what each one is)."""
    root = Path(KIT, "labs")
    labs = [Lab(name) for name in sorted(os.listdir(root))
            if re.match(r"^\d\d-[a-z0-9-]+$", name) and (root / name / "Makefile").is_file()]
    if not labs:
        raise GraderError(f"no labs found in {KIT}/labs")
    return labs


def built_labs(hidden: bool = False) -> list[Lab]:
    """Every lab, the kit built and each lab described (build_kit)."""
    labs = discover_labs()
    build_kit(labs, hidden)
    return labs


def select_labs(labs: list[Lab], wanted: list[str]) -> list[Lab]:
    """The labs named by --lab options ("03-attach", "03", "3", "attach")."""
    if not wanted:
        return labs
    chosen = []
    for want in wanted:
        match = [lab for lab in labs
                 if want == lab.name or want.isdigit() and int(want) == lab.number
                 or want == lab.name.split("-", 1)[1]]
        if not match:
            raise GraderError(f"no lab {want!r}: the labs are {', '.join(lab.name for lab in labs)}")
        chosen += [lab for lab in match if lab not in chosen]
    return sorted(chosen, key=lambda lab: lab.name)


def _lock_path() -> str:
    """The lock that keeps graders of this kit from building over each
    other: one per user and kit, in the user's runtime folder, else the
    machine's lock folder, else /tmp (never TMPDIR, which graders side by
    side may set apart), so that a kit root owns and shares works for all."""
    tag = hashlib.sha256(KIT.encode()).hexdigest()[:12]
    for folder in (os.environ.get("XDG_RUNTIME_DIR"), "/run/lock", "/tmp"):
        if folder and os.path.isdir(folder) and os.access(folder, os.W_OK):
            return os.path.join(folder, f"shmlabs-kit-{os.geteuid()}-{tag}.lock")
    raise GraderError("no folder to keep the build's lock in (XDG_RUNTIME_DIR, /run/lock, /tmp)")


def build_kit(labs: list[Lab], hidden: bool = False) -> None:
    """Builds the kit's own objects (tests, harness, drivers) once, under a
    lock so that graders running side by side do not build over each other.
    Lists each lab's tests; with `hidden`, its hidden tests after them."""
    try:
        os.makedirs(os.path.join(KIT, "build"), exist_ok=True)
    except OSError:
        pass                 # a shared kit built by its owner: make says if anything is missing
    with open(_lock_path(), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for lab in labs:
            done = subprocess.run(["make", "-s", "-C", lab.directory, "kit"],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if done.returncode != 0:
                last = (done.stdout.strip().splitlines() or ["make failed"])[-1]
                advice = ("" if os.access(os.path.join(KIT, "build"), os.W_OK)
                          else f"; {KIT}/build is not yours to write: ask its owner to run `make kit`")
                raise GraderError(f"the kit itself does not build (labs/{lab.name}): {last}{advice}")
    for lab in labs:
        described = _describe(lab.judge, lab)
        lab.student, lab.programs = described["student_file"], list(described["programs"])
        lab.tests = _tests(described, hidden=False)
        if hidden and lab.hidden_judge:
            lab.tests += list_tests(lab, hidden=True)


def _describe(judge: str, lab: Lab) -> dict[str, Any]:
    """What `judge --describe` says (kit code, no student code; JSON, see
    harness/results.c), checked to be about `lab`."""
    described: Any = None
    try:
        done = subprocess.run([judge, "--describe"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        described = json.loads(done.stdout) if done.returncode == 0 else None
    except OSError as e:
        raise GraderError(f"the kit's test runner {judge} cannot run: {e.strerror}; run `make kit`") from None
    except ValueError:
        described = None
    if not isinstance(described, dict) or described.get("lab") != lab.name \
            or not str(described.get("student_file", "")).endswith(".c"):
        raise GraderError(f"the kit's test runner {judge} does not describe {lab.name} "
                          f"(exit status {done.returncode}): run `make clean kit`")
    return described


def list_tests(lab: Lab, hidden: bool = False) -> list[Test]:
    """The lab's test table, from its judge's description; with `hidden`,
    from its hidden judge, each test marked hidden (GraderError when it has
    none)."""
    judge = lab.hidden_judge if hidden else lab.judge
    if judge is None:
        raise GraderError(f"no hidden tests here for {lab.name} "
                          "(a handout, or a package built without HIDDEN=1)")
    return _tests(_describe(judge, lab), hidden)


def _tests(described: dict[str, Any], hidden: bool) -> list[Test]:
    """The tests of a judge's description."""
    return [Test(t["number"], int(t["points"]), frozenset(t["flags"]), t["name"], t["title"],
                 bool(described.get("hidden", hidden)))
            for t in described["tests"]]
