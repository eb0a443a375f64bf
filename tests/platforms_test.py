#!/usr/bin/env python3
"""The platform packages' checks, run by `make test-platforms`:

- each package is made into a temporary DIST; bad input exits 2 with one line;
- the Gradescope zip has setup.sh and run_autograder, executable, at its
  root, and no package holds a reference solution, the wrong or hostile
  corpora, instructor notes or build outputs;
- on this machine, as the platforms run them: Gradescope's setup.sh and
  run_autograder, PrairieLearn's tests/run and Autolab's Makefile give the
  reference solutions full marks and the skeletons 0, and each results file
  has the platform's documented fields and types;
- when the grader fails (exit status 2, no results, a broken file), each
  package still leaves a valid result with score 0 and the reason;
- the Classroom workflow parses as YAML and has one step a test, worth its
  points, summing to the kit's total.

Ends with the line `N passed, N failed`; exit status 1 if anything failed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Callable

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT / "grader"))
sys.path.insert(0, str(KIT / "platforms"))
import formats  # noqa: E402
from package import student_file  # noqa: E402
from shmgrade import kit  # noqa: E402

SOME = ["01-create", "02-reopen"]       # the labs of the slower runs
FORBIDDEN = re.compile(r"(^|/)(solutions|tests/wrong|tests/hostile|build|dist|\.git)/"
                       r"|(^|/)docs/instructor\.md$")
GRADER_FAILS = {                         # stand-ins for grader/grade, and what each does
    "exit 2": "import sys\nprint('grader: bubblewrap cannot make a sandbox here')\nsys.exit(2)\n",
    "no results": "print('grader: wrote nothing')\n",
    "broken results": "import sys\nopen(sys.argv[sys.argv.index('--json') + 1], 'w').write('{\"sco')\n",
    "hangs": "import time\ntime.sleep(120)\n",
}
FAIL_ENV = {"SHM_LABS_TIMEOUT": "2"}     # stops the one that hangs

passed = failed = 0


def check(ok: bool, name: str, detail: str = "") -> bool:
    """Records one check and prints its verdict; returns `ok`."""
    global passed, failed
    if ok:
        passed += 1
        print(f"ok     {name}")
    else:
        failed += 1
        print(f"FAILED {name}{': ' + detail if detail else ''}")
    return ok


def run(command: list[str], cwd: Path = KIT, env: dict[str, str] | None = None,
        timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Runs `command`, stdout and stderr together, in a private TMPDIR."""
    return subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, timeout=timeout,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def kit_points() -> dict[str, dict[str, int]]:
    """{lab: {test number: points}} of every lab, from the kit's judges."""
    labs = kit.discover_labs()
    kit.build_kit(labs)
    return {lab.name: {t.number: t.points for t in lab.tests} for lab in labs}


def submission(folder: Path, source: str, labs: list[str], loose: bool = False) -> Path:
    """A submission of `labs` from the kit's solutions/ or labs/ (skeletons):
    NN-topic/FILE, or the files loose at the top."""
    folder.mkdir(parents=True)
    for lab in labs:
        name = student_file(lab)
        target = folder / name if loose else folder / lab / name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(KIT / source / lab / name, target)
    return folder


def solution_digests() -> set[bytes]:
    """The contents of every reference solution."""
    return {p.read_bytes() for p in (KIT / "solutions").rglob("*") if p.is_file()}


def check_contents(what: str, names: list[str], read: Callable[[str], bytes]) -> None:
    """No packaged path is forbidden and no packaged file is a solution."""
    bad = [n for n in names if FORBIDDEN.search(n)]
    check(not bad, f"{what}: no solutions, corpora, notes or build outputs", ", ".join(bad[:3]))
    solutions = solution_digests()
    leaked = [n for n in names if read(n) in solutions]
    check(not leaked, f"{what}: no file is a reference solution", ", ".join(leaked))
    inside = ("shm-labs/platforms/autograde.py", "shm-labs/grader/grade", "shm-labs/VERSION")
    check(all(any(n.endswith(want) for n in names) for want in inside),
          f"{what}: the grader, the autograder and VERSION are inside")


def make(target: str, dist: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(["make", "-s", target, f"DIST={dist}", *args])


def build_packages(dist: Path) -> bool:
    """Makes every package into `dist`; checks bad input on the way."""
    bad = make("gradescope", dist, "LABS=99-nothing")
    check(bad.returncode == 2 and "no lab '99-nothing'" in bad.stdout,
          "make gradescope LABS=99-nothing exits 2 and names the labs", bad.stdout.strip())
    ok = True
    some = [f"LABS={' '.join(SOME)}"]
    targets: list[tuple[str, list[str]]] = [("gradescope", []), ("prairielearn", some),
                                            ("autolab", some), ("classroom", [])]
    for target, args in targets:
        done = make(target, dist, *args)
        ok &= check(done.returncode == 0, f"make {target} DIST=...", done.stdout[-500:])
    return ok


def check_gradescope_zip(archive: Path) -> None:
    with zipfile.ZipFile(archive) as z:
        infos = {i.filename: i for i in z.infolist()}
        for name in ("setup.sh", "run_autograder"):
            mode = infos[name].external_attr >> 16 if name in infos else 0
            check(bool(mode & stat.S_IXUSR), f"gradescope: {name} at the zip's root, executable")
        check_contents("gradescope zip", list(infos), z.read)


def check_gradescope_results(path: Path, expect: float, what: str) -> dict[str, Any]:
    """Reads Gradescope's results.json; checks its format and score."""
    data: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {}
    problems = formats.gradescope_problems(data) if data else ["no results.json"]
    check(not problems, f"gradescope {what}: results.json has Gradescope's fields", "; ".join(problems))
    check(data.get("score") == expect, f"gradescope {what}: score {expect:g}", f"got {data.get('score')}")
    return data


def gradescope_root(dist: Path, tmp: Path, name: str) -> Path:
    """A fresh AUTOGRADER_ROOT with the zip unpacked in source/ and
    run_autograder copied to its root, as Gradescope builds its image."""
    root = tmp / name
    with zipfile.ZipFile(dist / "gradescope" / "autograder.zip") as z:
        z.extractall(root / "source")
        for info in z.infolist():     # zipfile drops the modes: put them back
            (root / "source" / info.filename).chmod((info.external_attr >> 16) & 0o777)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    return root


def test_gradescope(dist: Path, tmp: Path, points: dict[str, dict[str, int]]) -> None:
    check_gradescope_zip(dist / "gradescope" / "autograder.zip")
    root = gradescope_root(dist, tmp, "gradescope")
    setup = run(["bash", str(root / "source" / "setup.sh")])
    if not check(setup.returncode == 0, "gradescope: setup.sh installs and builds", setup.stdout[-800:]):
        return
    total = sum(sum(p.values()) for p in points.values())
    for source, expect in (("solutions", total), ("labs", 0)):
        shutil.rmtree(root / "submission", ignore_errors=True)
        submission(root / "submission", source, list(points))
        done = run([str(root / "run_autograder")], cwd=root, env={"AUTOGRADER_ROOT": str(root)})
        check(done.returncode == 0, f"gradescope {source}: run_autograder exits 0", done.stdout[-500:])
        data = check_gradescope_results(root / "results" / "results.json", expect, source)
        numbers = {t.get("number") for t in data.get("tests", [])}
        check(numbers == {n for p in points.values() for n in p}, f"gradescope {source}: every test reported")
    for case, script in GRADER_FAILS.items():
        (root / "source" / "shm-labs" / "grader" / "grade").write_text(script)
        done = run([str(root / "run_autograder")], cwd=root,
                   env={"AUTOGRADER_ROOT": str(root), **FAIL_ENV}, timeout=60)
        check(done.returncode == 0, f"gradescope grader {case}: run_autograder exits 0", done.stdout[-300:])
        data = check_gradescope_results(root / "results" / "results.json", 0, f"grader {case}")
        check("Grading itself failed" in data.get("output", ""),
              f"gradescope grader {case}: the output says grading failed, and why", data.get("output", ""))


def check_prairielearn_results(path: Path, expect: float | None, what: str) -> dict[str, Any]:
    """Reads PrairieLearn's results.json; checks its documented fields and
    score (None: not gradable)."""
    data: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {}
    problems = formats.prairielearn_problems(data) if data else ["no results.json"]
    fields = ["gradable", "score", "message", "output", "tests"]
    problems += [f"no {f}" for f in fields if f not in data]
    problems += [f"tests[{i}] has no {f}" for i, t in enumerate(data.get("tests", []))
                 for f in ("name", "points", "max_points", "message", "output") if f not in t]
    check(not problems, f"prairielearn {what}: results.json has PrairieLearn's fields", "; ".join(problems))
    if expect is None:
        check(data.get("gradable") is False and "Grading itself failed" in data.get("message", ""),
              f"prairielearn {what}: not gradable, the message says why", data.get("message", ""))
    else:
        check(data.get("gradable") is True and data.get("score") == expect,
              f"prairielearn {what}: gradable, score {expect:g}", f"got {data.get('score')}")
    return data


def test_prairielearn(dist: Path, tmp: Path) -> None:
    out = dist / "prairielearn"
    run_script = out / "question" / "tests" / "run"
    check(os.access(run_script, os.X_OK) and (out / "Dockerfile").is_file()
          and "ARG BASE" in (out / "Dockerfile").read_text(),
          "prairielearn: executable tests/run, a Dockerfile with ARG BASE")
    info = json.loads((out / "question" / "info.json").read_text())
    options = info.get("externalGradingOptions", {})
    check(info.get("gradingMethod") == "External" and options.get("entrypoint") == "/grade/tests/run"
          and options.get("environment", {}).get("SHM_LABS_LABS") == " ".join(SOME),
          "prairielearn: info.json runs tests/run for the labs asked for")
    check_contents("prairielearn", [str(p.relative_to(dist)) for p in out.rglob("*") if p.is_file()],
                   lambda n: (dist / n).read_bytes())
    env = {"SHM_LABS_KIT": str(out / "shm-labs")}
    for source, expect in (("solutions", 1.0), ("labs", 0.0)):
        root = tmp / f"pl-{source}"
        submission(root / "student", source, SOME, loose=True)
        run([str(run_script)], env={**env, "PL_GRADE_ROOT": str(root)})
        data = check_prairielearn_results(root / "results" / "results.json", expect, f"{source} (loose files)")
        check(len(data.get("tests", [])) > 0, f"prairielearn {source}: one entry a test")
    kit_copy = tmp / "pl-broken-kit"
    shutil.copytree(out / "shm-labs", kit_copy, symlinks=True)
    for case in ("exit 2", "hangs"):
        (kit_copy / "grader" / "grade").write_text(GRADER_FAILS[case])
        root = tmp / f"pl-broken-{case.replace(' ', '-')}"
        submission(root / "student", "solutions", SOME, loose=True)
        run([str(run_script)], env={"SHM_LABS_KIT": str(kit_copy), "PL_GRADE_ROOT": str(root),
                                    **FAIL_ENV}, timeout=60)
        check_prairielearn_results(root / "results" / "results.json", None, f"grader {case}")


def test_hidden(dist: Path) -> None:
    """HIDDEN=1 reaches the package's settings and the question's environment."""
    done = make("prairielearn", dist / "hidden", "HIDDEN=1", f"LABS={SOME[0]}")
    out = dist / "hidden" / "prairielearn"
    if not check(done.returncode == 0, "make prairielearn HIDDEN=1", done.stdout[-300:]):
        return
    settings = json.loads((out / "shm-labs" / "platforms" / "grading.json").read_text())
    info = json.loads((out / "question" / "info.json").read_text())
    check(settings.get("hidden") is True and settings.get("labs") == [SOME[0]]
          and info["externalGradingOptions"]["environment"].get("SHM_LABS_HIDDEN") == "1",
          "HIDDEN=1: the package runs the hidden tests, for the labs asked for")


def autolab_run(dist: Path, work: Path, handin: Callable[[Path], None]) -> str:
    """Autolab's run: the Makefile, autograde.tar and the handin in one
    folder, then `make`; returns its last line of output."""
    work.mkdir(parents=True)
    shutil.copy(dist / "autolab" / "autograde-Makefile", work / "Makefile")
    shutil.copy(dist / "autolab" / "autograde.tar", work / "autograde.tar")
    handin(work)
    # Autolab's own `make`, at the top level: not a sub-make of `make test`,
    # which would announce the folders it leaves after the last line.
    top_level = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    done = subprocess.run(["make"], cwd=work, env=top_level, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600)
    return (done.stdout.strip().splitlines() or [""])[-1]


def check_scores(line: str, expect: dict[str, int], what: str) -> None:
    try:
        scores = json.loads(line)
    except ValueError:
        scores = None
    check(scores == {"scores": expect}, f"autolab {what}: last line {json.dumps(expect)}", line)


def test_autolab(dist: Path, tmp: Path, points: dict[str, dict[str, int]]) -> None:
    with tarfile.open(dist / "autolab" / "autograde.tar") as tar:
        names = tar.getnames()
        check_contents("autolab tar", names, lambda n: tar.extractfile(n).read())  # type: ignore[union-attr]
    full = {lab: sum(points[lab].values()) for lab in SOME}

    def handin_tar(work: Path) -> None:
        folder = submission(tmp / "autolab-handin", "solutions", SOME)
        with tarfile.open(work / "handin.tar", "w") as tar:
            for lab in SOME:
                tar.add(folder / lab, arcname=lab)

    check_scores(autolab_run(dist, tmp / "autolab-tar", handin_tar), full, "handin.tar of the solutions")
    one = {lab: (full[lab] if lab == SOME[0] else 0) for lab in SOME}
    first = student_file(SOME[0])

    def one_file(work: Path) -> None:
        shutil.copy(KIT / "solutions" / SOME[0] / first, work / first)

    check_scores(autolab_run(dist, tmp / "autolab-one", one_file), one, f"the one file {first}")

    def skeletons(work: Path) -> None:
        submission(work / "labs", "labs", SOME)

    check_scores(autolab_run(dist, tmp / "autolab-skeletons", skeletons),
                 {lab: 0 for lab in SOME}, "the skeletons, wrapped in labs/")


def test_classroom(dist: Path, points: dict[str, dict[str, int]]) -> None:
    try:
        import yaml  # type: ignore[import]
    except ImportError:
        check(False, "classroom: a YAML parser (python3-yaml) is installed")
        return
    path = dist / "classroom" / ".github" / "workflows" / "classroom.yml"
    workflow = yaml.safe_load(path.read_text())
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    graders = [s for s in steps if "autograding-command-grader" in s.get("uses", "")]
    want = {n: (lab, p) for lab, tests in points.items() for n, p in tests.items()}
    got = {}
    for step in graders:
        found = re.fullmatch(r"sudo make grade LAB=(\S+) T=(\S+)", step["with"]["command"])
        if found:
            got[found.group(2)] = (found.group(1), step["with"]["max-score"])
    check(len(graders) == len(want) and got == want,
          "classroom: one step a test, `make grade LAB= T=`, worth its points",
          f"{len(graders)} steps for {len(want)} tests")
    check(sum(s["with"]["max-score"] for s in graders) == sum(p for _, p in want.values()),
          "classroom: the steps' points sum to the kit's total")
    ids = [s["id"] for s in graders]
    reporter = [s for s in steps if "grading-reporter" in s.get("uses", "")]
    check(len(set(ids)) == len(ids) and len(reporter) == 1
          and reporter[0]["with"]["runners"].split(",") == ids
          and set(reporter[0]["env"]) == {f"{i.upper()}_RESULTS" for i in ids},
          "classroom: the reporter gets every step's result")


def main() -> int:
    points = kit_points()
    with tempfile.TemporaryDirectory(prefix="shm-labs-platforms-test.") as name:
        tmp = Path(name)
        tmp.chmod(0o755)     # the graders' student user ids read the packaged kits
        dist = tmp / "dist"
        private_tmp = tmp / "tmp"
        private_tmp.mkdir(mode=0o755)
        os.environ["TMPDIR"] = str(private_tmp)
        if build_packages(dist):
            test_gradescope(dist, tmp, points)
            test_prairielearn(dist, tmp)
            test_autolab(dist, tmp, points)
            test_classroom(dist, points)
            test_hidden(dist)
        left = list(private_tmp.iterdir())
        check(not left, "nothing left in the runs' temporary folder", ", ".join(p.name for p in left))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
