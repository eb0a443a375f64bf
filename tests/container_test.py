#!/usr/bin/env python3
"""Grading in a container gives the same scores as on the host (make test-container).

Runs, in a Docker container with Docker's defaults (or, where Docker cannot
be had, in the emulation of one: see tests/container/runners.py):

- checks that the container is what courses grade in: root, Docker's
  capabilities and seccomp filter, and no namespace can be made;
- the Gradescope package as Gradescope runs it (the zip in /autograder/source,
  setup.sh, run_autograder per submission, /autograder/results/results.json)
  and the PrairieLearn package as PrairieLearn runs it (/grade/tests,
  /grade/student, info.json's entrypoint and environment,
  /grade/results/results.json) on the reference solutions, the skeletons and
  flat, wrapped and zipped uploads;
- the known-wrong corpus (tests/wrong/NN-topic/*.c) through the package's
  grader, a batch a lab;
- the hostile corpus (tests/hostile/*.c) with a canary segment and semaphore
  set of root's made inside the container first;

and requires the same per-test scores as the host's own grader/grade gives
the same submissions, valid results files, the hostile corpus's expected
outcomes with the canaries alive and no process left in the container, and
nothing left behind: no container, no IPC object on the host.

    python3 tests/container_test.py [--emulate] [--keep]

Ends with the line `N passed, N failed`; exit status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KIT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(KIT / "tests" / "container"), str(KIT / "platforms"), str(KIT / "grader")]

import formats  # noqa: E402  (the platforms' results formats, checked by their validators)
from runners import DOCKER_CAPABILITY_MASK, EmulatedRunner, Mount, Runner, open_runner, our_containers  # noqa: E402
from shmgrade import kit  # noqa: E402
from verdicts import Tally, corpus_header  # noqa: E402

JSON = dict[str, Any]
LABS: dict[str, str] = {lab.name: lab.student for lab in kit.built_labs()}
ENTRY_SUBMISSIONS = ["reference", "skeleton", "flat", "wrapped", "zipped"]
SCRIPT_DIR = Path(__file__).resolve().parent / "container"


def load(path: Path) -> JSON | None:
    """A JSON file's object, or None when it is missing or not JSON."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def text_of(path: Path) -> str:
    """A file's text, or '' when it is missing."""
    return path.read_text(errors="replace") if path.exists() else ""


def scores_by_number(results: JSON) -> dict[str, float]:
    """Test number → score, from a results.json in the grader's format."""
    return {str(t.get("number")): float(t.get("score", 0)) for t in results.get("tests", [])}


def scores_by_name(results: JSON, points: str) -> dict[str, float]:
    """Test name → its POINTS field, from a results file of any format."""
    return {str(t.get("name")): float(t.get(points, 0)) for t in results.get("tests", [])}


def differences(host: dict[str, float], there: dict[str, float]) -> str:
    """What differs between two maps of test → score, in one line ('' when none)."""
    if not host:
        return "the host graded no test"
    keys = sorted(set(host) | set(there))
    diff = [f"{k}: host {host.get(k)}, container {there.get(k)}" for k in keys if host.get(k) != there.get(k)]
    return "; ".join(diff[:6]) + (f" (and {len(diff) - 6} more)" if len(diff) > 6 else "")


def racy_tests(lab: str, student: str) -> frozenset[str]:
    """The tests a known-wrong file's `racy:` header names (none by default)."""
    path = KIT / "tests" / "wrong" / lab / f"{student}.c"
    return frozenset(number for key, value in corpus_header(path) if key == "racy" for number in value.split())


# ---- submissions ------------------------------------------------------------

def student_file(top: Path, lab: str) -> Path:
    """The student file of LAB under TOP (a folder with NN-topic/ folders)."""
    return top / lab / LABS[lab]


def first_wrong(lab: str) -> Path:
    """One known-wrong file of LAB."""
    return sorted((KIT / "tests" / "wrong" / lab).glob("*.c"))[0]


def make_entry_submissions(root: Path) -> None:
    """The submissions the platforms' entry points grade, in ROOT/NAME:
    reference and skeleton in the layout of grader.md, and three upload
    shapes, each mixing a reference file and a known-wrong one."""
    for name, source in (("reference", KIT / "solutions"), ("skeleton", KIT / "labs")):
        for lab in LABS:
            (root / name / lab).mkdir(parents=True)
            shutil.copyfile(student_file(source, lab), student_file(root / name, lab))
    flat = root / "flat"
    flat.mkdir()
    shutil.copyfile(student_file(KIT / "solutions", "01-create"), flat / LABS["01-create"])
    shutil.copyfile(first_wrong("03-attach"), flat / LABS["03-attach"])
    wrapped = root / "wrapped" / "shm-labs-main" / "labs"
    for lab in ("02-reopen", "04-detach"):
        (wrapped / lab).mkdir(parents=True)
    shutil.copyfile(student_file(KIT / "solutions", "02-reopen"), student_file(wrapped, "02-reopen"))
    shutil.copyfile(first_wrong("04-detach"), student_file(wrapped, "04-detach"))
    (root / "zipped").mkdir()
    with zipfile.ZipFile(root / "zipped" / "submission.zip", "w") as archive:
        archive.write(student_file(KIT / "solutions", "05-remove"), LABS["05-remove"])
        archive.write(first_wrong("06-semaphores"), LABS["06-semaphores"])


def make_corpus_batches(root: Path, files: list[tuple[str, Path]]) -> dict[str, list[str]]:
    """One batch folder a lab, ROOT/LAB/STUDENT/LAB/FILE, a student a file of
    FILES (lab, path); returns lab → its students."""
    students: dict[str, list[str]] = {}
    for lab, path in files:
        folder = root / lab / path.stem / lab
        folder.mkdir(parents=True)
        shutil.copyfile(path, folder / LABS[lab])
        students.setdefault(lab, []).append(path.stem)
    return students


# ---- on the host ------------------------------------------------------------

def grade_on_host(args: list[str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Runs the host's grader/grade with ARGS, at the namespaces level."""
    return subprocess.run([str(KIT / "grader" / "grade"), "--isolation", "namespaces", *args], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout)


def host_batches(batches: Path, out: Path, labs: list[str]) -> None:
    """Grades each lab's batch folder on the host into OUT/LAB/."""
    for lab in labs:
        grade_on_host(["--batch", str(batches / lab), "--lab", lab, "--out", str(out / lab), "--jobs", "2"])


# ---- in the container -------------------------------------------------------

def container_sanity(t: Tally, runner: Runner, where: str) -> None:
    """The container is what courses grade in: root, Docker's capability
    set, a seccomp filter, and `unshare --ipc` refused."""
    outcome = runner.run("id -u; grep -E '^(CapEff|Seccomp):' /proc/self/status; "
                         "if unshare --ipc true 2>/dev/null; then echo unshare-worked; else echo unshare-refused; fi",
                         [], timeout=120)
    words = outcome.output.split()
    fields = dict(zip(words[1::2], words[2::2]))
    t.check(outcome.status == 0 and words[:1] == ["0"], f"{where}: commands run as root (id -u is 0)",
            outcome.output)
    t.check(int(fields.get("CapEff:", "0"), 16) == DOCKER_CAPABILITY_MASK and fields.get("Seccomp:") == "2",
            f"{where}: Docker's default capabilities ({DOCKER_CAPABILITY_MASK:#x}) and a seccomp filter",
            outcome.output)
    t.check(words[-1:] == ["unshare-refused"], f"{where}: `unshare --ipc true` fails (no namespace can be made)",
            outcome.output)


def unpack_zip(archive: Path, into: Path) -> None:
    """Unpacks ARCHIVE into INTO as Gradescope does, file modes kept."""
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            path = Path(zipped.extract(member, into))
            mode = member.external_attr >> 16 & 0o777
            if mode:
                path.chmod(mode)


def per_student_loop(submission_dir: str, command: str, results: str, out: str) -> str:
    """Shell lines that grade each entry submission with COMMAND: its files
    copied into SUBMISSION_DIR, RESULTS copied to OUT/NAME.json."""
    return "\n".join(
        f"rm -rf {submission_dir} && mkdir -p {submission_dir} && cp -a /students/entry/{name}/. {submission_dir}/ "
        f"&& {command} > {out}/{name}.log 2>&1; cp {results} {out}/{name}.json"
        for name in ENTRY_SUBMISSIONS)


def gradescope_script(labs: list[str]) -> str:
    """The Gradescope container's work: setup.sh once, run_autograder a
    submission, then the wrong corpus with the package's grader, a batch a lab."""
    grader = "/autograder/source/shm-labs/grader/grade"
    corpus = "\n".join(f"{grader} --batch /students/wrong/{lab} --lab {lab} --out /out/wrong/{lab} --jobs 2 "
                       f">> /out/wrong.log 2>&1" for lab in labs)
    return f"""
set -u
(cd /autograder/source && bash ./setup.sh) > /out/setup.log 2>&1; status=$?
echo $status > /out/setup.status; [ $status -eq 0 ] || exit 0
cp /autograder/source/run_autograder /autograder/run_autograder
cd /autograder
{per_student_loop("/autograder/submission", "/autograder/run_autograder", "/autograder/results/results.json", "/out/gs")}
{corpus}
"""


def prairielearn_script(info: JSON) -> str:
    """The PrairieLearn container's work: the Dockerfile's build step (the kit
    at /opt/shm-labs), then info.json's entrypoint a submission, with its
    environment."""
    options = info.get("externalGradingOptions", {})
    env = " ".join(f"{k}='{v}'" for k, v in options.get("environment", {}).items())
    entry = f"env {env} {options.get('entrypoint', '/grade/tests/run')}"
    return f"""
set -u
(sh /opt/shm-labs/mk/deps.sh grade && make -s -C /opt/shm-labs kit) > /out/build.log 2>&1; status=$?
echo $status > /out/build.status; [ $status -eq 0 ] || exit 0
cd /grade
{per_student_loop("/grade/student", entry, "/grade/results/results.json", "/out/pl")}
"""


def hostile_script(labs: list[str]) -> str:
    """The hostile corpus's container: canaries of root's, the batch, then
    what is left (IPC objects, processes)."""
    lab_args = " ".join(f"--lab {lab}" for lab in labs)
    return f"""
set -u
shm=$(ipcmk -M 4096 -p 0600 | grep -o '[0-9]*$'); sem=$(ipcmk -S 1 -p 0600 | grep -o '[0-9]*$')
ipcs -m -s | grep '^0x' > /out/ipc-before
/autograder/source/shm-labs/grader/grade --batch /students/hostile --out /out/results {lab_args} --jobs 2 \
    > /out/grade.log 2>&1; echo $? > /out/grade.status
sleep 1
ipcs -m -s | grep '^0x' > /out/ipc-after
ipcs -m -i "$shm" > /dev/null && ipcs -s -i "$sem" > /dev/null && echo alive > /out/canaries
ps -e -o pid=,uid=,args= > /out/ps
"""


def compare_runs(t: Tally, what: str, host: JSON | None, there: JSON | None, platform: str,
                 racy: frozenset[str] = frozenset()) -> None:
    """Same per-test scores in a platform's results file THERE as in the
    host's results HOST, and THERE valid in the platform's format. Tests in
    `racy` (a known-wrong file's `racy:` header: a race that a stress test
    catches or not by chance, at any level) are not compared."""
    if not t.check(host is not None and there is not None, f"{what}: graded on the host and in the container",
                   f"host {'ok' if host else 'missing'}, container {'ok' if there else 'missing'}"):
        return
    assert host is not None and there is not None
    if platform == "gradescope":
        problems = formats.gradescope_problems(there)
        diff = differences(*({k: v for k, v in scores_by_number(r).items() if k not in racy}
                             for r in (host, there)))
        level = there.get("extra_data", {}).get("isolation")
        t.check(level == "container", f"{what}: results.json says isolation container", f"it says {level!r}")
    else:
        problems = formats.prairielearn_problems(there)
        diff = differences(scores_by_name(host, "score"), scores_by_name(there, "points"))
    t.check(not problems, f"{what}: a valid {platform} results.json", "; ".join(problems))
    t.check(not diff, f"{what}: the host's per-test scores", diff)


def run_in_container(t: Tally, runner: Runner, name: str, script: str, mounts: list[Mount],
                     timeout: float) -> None:
    """Runs one container's SCRIPT and checks that it ran to its end."""
    outcome = runner.run(script + "\nexit 0\n", mounts, timeout)
    t.check(outcome.status == 0, f"{name}: the container ran its script to the end ({outcome.seconds:.0f} s)",
            f"status {outcome.status}: {outcome.output[-1500:]}")


# ---- the checks -------------------------------------------------------------

@dataclass(frozen=True)
class Work:
    """What the platform checks share: the packages (DIST), the submissions
    (STUDENTS: entry/NAME, wrong/LAB/STUDENT), the wrong corpus (lab → its
    students) and the host's results of them all (HOST)."""
    scratch: Path
    dist: Path
    students: Path
    corpus: dict[str, list[str]]
    host: Path


def prepare(scratch: Path) -> Work | None:
    """Builds the packages and lays out the submissions; None (said in one
    line) when the packages cannot be built."""
    dist = scratch / "dist"
    built = subprocess.run(["make", "-s", "-C", str(KIT), "gradescope", "prairielearn", f"DIST={dist}"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if built.returncode != 0:
        print(f"skipped: the platform packages, because `make gradescope prairielearn` failed: "
              f"{' '.join(built.stdout.strip().splitlines()[-1:])}")
        return None
    students = scratch / "students"
    make_entry_submissions(students / "entry")
    wrong = [(p.parent.name, p) for p in sorted((KIT / "tests" / "wrong").glob("*/*.c"))]
    corpus = make_corpus_batches(students / "wrong", wrong)
    (scratch / "host").mkdir()
    return Work(scratch, dist, students, corpus, scratch / "host")


def grade_all_on_host(work: Work) -> None:
    """Grades every submission of WORK on the host, into WORK.host."""
    start = time.monotonic()
    for name in ENTRY_SUBMISSIONS:
        grade_on_host(["--json", str(work.host / f"{name}.json"), str(work.students / "entry" / name)])
    host_batches(work.students / "wrong", work.host / "wrong", sorted(work.corpus))
    count = len(ENTRY_SUBMISSIONS) + sum(len(students) for students in work.corpus.values())
    print(f"host: {count} submissions graded in {time.monotonic() - start:.0f} s", flush=True)


def test_gradescope(t: Tally, runner: Runner, work: Work, host: threading.Thread) -> Path | None:
    """Gradescope's package on the entry submissions, then the wrong corpus
    with its grader, compared with the host's results once HOST (the host's
    grading) has ended. Returns the autograder folder, its kit built, or None."""
    autograder, out = work.scratch / "autograder", work.scratch / "out-gradescope"
    unpack_zip(work.dist / "gradescope" / "autograder.zip", autograder / "source")
    (out / "gs").mkdir(parents=True)
    run_in_container(t, runner, "gradescope", gradescope_script(sorted(work.corpus)),
                     [Mount(autograder, "/autograder"), Mount(work.students, "/students", True), Mount(out, "/out")],
                     timeout=1500)
    host.join()
    if not t.check(text_of(out / "setup.status").strip() == "0", "gradescope: setup.sh succeeded",
                   text_of(out / "setup.log")[-1500:]):
        return None
    for name in ENTRY_SUBMISSIONS:
        compare_runs(t, f"gradescope {name}", load(work.host / f"{name}.json"), load(out / "gs" / f"{name}.json"),
                     "gradescope")
    for lab, students in sorted(work.corpus.items()):
        for student in students:
            compare_runs(t, f"wrong {lab}/{student}.c", load(work.host / "wrong" / lab / student / "results.json"),
                         load(out / "wrong" / lab / student / "results.json"), "gradescope",
                         racy_tests(lab, student))
    return autograder


def test_prairielearn(t: Tally, runner: Runner, work: Work) -> None:
    """PrairieLearn's package on the entry submissions."""
    package, out = work.dist / "prairielearn", work.scratch / "out-prairielearn"
    info = load(package / "question" / "info.json") or {}
    (out / "pl").mkdir(parents=True)
    run_in_container(t, runner, "prairielearn", prairielearn_script(info),
                     [Mount(package / "shm-labs", "/opt/shm-labs"),
                      Mount(package / "question" / "tests", "/grade/tests", True),
                      Mount(work.students, "/students", True), Mount(out, "/out")], timeout=900)
    if not t.check(text_of(out / "build.status").strip() == "0",
                   "prairielearn: the Dockerfile's build step succeeded", text_of(out / "build.log")[-1500:]):
        return
    for name in ENTRY_SUBMISSIONS:
        compare_runs(t, f"prairielearn {name}", load(work.host / f"{name}.json"),
                     load(out / "pl" / f"{name}.json"), "prairielearn")


def test_hostile(t: Tally, runner: Runner, scratch: Path, autograder: Path) -> None:
    """The hostile corpus at the container level, with canaries."""
    files = sorted((KIT / "tests" / "hostile").glob("*.c"))
    entries = [(dict(corpus_header(p)).get("lab", "?"), p) for p in files]
    batch = scratch / "students-hostile"
    for lab, path in entries:
        folder = batch / path.stem / lab
        folder.mkdir(parents=True)
        shutil.copyfile(path, folder / LABS.get(lab, "unknown.c"))
    out = scratch / "out-hostile"
    out.mkdir()
    run_in_container(t, runner, "hostile", hostile_script(sorted({lab for lab, _ in entries})),
                     [Mount(autograder, "/autograder"), Mount(batch, "/students/hostile", True), Mount(out, "/out")],
                     timeout=900)
    def read(name: str) -> str:
        return text_of(out / name)
    t.check(read("grade.status").strip() in ("0", "1"), "hostile corpus: the batch ran", read("grade.log")[-1500:])
    t.check(read("canaries").strip() == "alive", "hostile corpus: root's canary segment and semaphore set survive",
            read("grade.log")[-800:])
    before, after = read("ipc-before").splitlines(), read("ipc-after").splitlines()
    left = [line for line in after if line not in before]
    t.check(not left, "hostile corpus: no IPC object of student code is left in the container",
            f"{len(left)} left, such as: {' | '.join(' '.join(line.split()) for line in left[:3])}")
    running = [line for line in read("ps").splitlines() if line.split()[:1] != ["1"] and "ps -e" not in line]
    t.check(bool(read("ps")) and not running, "hostile corpus: no process outlives grading", "; ".join(running))
    for lab, path in entries:
        header = dict(corpus_header(path))
        results = load(out / "results" / path.stem / "results.json")
        if not t.check(results is not None, f"hostile {path.name}: graded"):
            continue
        assert results is not None
        got = sum(float(x.get("score", 0)) for x in results["tests"] if lab in x.get("tags", []))
        problems = []
        if "expect-score" in header and got != float(header["expect-score"]):
            problems.append(f"scored {got:g}, expected {header['expect-score']}")
        if "expect-below" in header and got >= float(header["expect-below"]):
            problems.append(f"scored {got:g}, expected below {header['expect-below']}")
        words = header.get("expect-feedback", "").strip('"')
        said = "\n".join([results.get("output", "")] + [str(x.get("output", "")) for x in results["tests"]])
        if words and words.lower() not in said.lower():
            problems.append(f"feedback lacks {words!r}")
        bound = float(header.get("bound", "120"))
        if float(results.get("execution_time", 0)) > bound:
            problems.append(f"took {results['execution_time']:.0f} s, bound {bound:g} s")
        t.check(not problems, f"hostile {path.name} in the container ({header.get('attack', '')})",
                "; ".join(problems))


class HostCanaries:
    """A context: a segment and a semaphore set of the host's, made by root
    before any container runs, removed at its end; alive() tells whether
    both are still there."""

    def __enter__(self) -> HostCanaries:
        self.ids = [re.sub(r"\D", " ", subprocess.run(["ipcmk", kind, size, "-p", "0600"], stdout=subprocess.PIPE,
                                                       text=True, check=True).stdout).split()[-1]
                    for kind, size in (("-M", "4096"), ("-S", "1"))]
        return self

    def alive(self) -> bool:
        return all(subprocess.run(["ipcs", kind, "-i", ident], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL).returncode == 0
                   for kind, ident in zip(("-m", "-s"), self.ids))

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["ipcrm", "-m", self.ids[0], "-s", self.ids[1]], stderr=subprocess.DEVNULL)


def host_ipc_objects() -> list[str]:
    """The host's segments and semaphore sets, as ipcs lists them."""
    out = subprocess.run(["ipcs", "-m", "-s"], stdout=subprocess.PIPE, text=True).stdout
    return sorted(line for line in out.splitlines() if line.startswith("0x"))


def main(argv: list[str]) -> int:
    """Runs every check; returns the exit status."""
    parser = argparse.ArgumentParser(description="Grading in a container gives the host's scores.")
    parser.add_argument("--emulate", action="store_true", help="use the container emulation even if Docker is there")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (results, logs) and say where")
    options = parser.parse_args(argv)
    t = Tally()
    subprocess.run(["make", "-s", "-C", str(SCRIPT_DIR)], check=True)
    before = host_ipc_objects()
    scratch = Path(tempfile.mkdtemp(prefix="shmlabs-container."))
    try:
        with open_runner(scratch, options.emulate) as runner, HostCanaries() as canaries:
            container_sanity(t, runner, runner.kind)
            if runner.kind == "docker":
                container_sanity(t, EmulatedRunner(scratch), "emulation")
            work = prepare(scratch)
            if work is not None:
                # The host grades while the first container does: much of
                # grading is waiting (timeouts, valgrind's start).
                host = threading.Thread(target=grade_all_on_host, args=(work,), daemon=True)
                host.start()
                autograder = test_gradescope(t, runner, work, host)
                test_prairielearn(t, runner, work)
                if autograder is not None:
                    test_hostile(t, runner, scratch, autograder)
            t.check(canaries.alive(), "the host's own segment and semaphore set survive")
        t.check(not our_containers(), "no container of this test is left (docker ps -a)", str(our_containers()))
        new = [line for line in host_ipc_objects() if line not in before]
        t.check(not new, "no IPC object left on the host (ipcs)", "; ".join(new[:3]))
    finally:
        if options.keep:
            print(f"kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"{t.passed} passed, {t.failed} failed")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
