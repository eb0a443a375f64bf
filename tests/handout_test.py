#!/usr/bin/env python3
"""Proves `make handout` (run by `make test-handout`):

- handout/files.txt judges every file of the kit, and the handout holds what a
  student needs and nothing instructor-only (solutions, the kit's tests,
  hidden tests, instructor docs, platform packages, CI, build output);
- the tarball is reproducible: built twice, byte for byte the same;
- no handout file gives a solution away (handout/leaks.py), and the check
  itself finds leaks planted in a copy;
- every relative Markdown link resolves inside the handout (handout/links.py),
  and a planted broken link is found;
- in the unpacked tarball, every target that `make help` lists has what it
  needs (make -n), and `make grade` and `make test` in a lab folder work:
  every skeleton scores 0, every reference solution copied into its lab
  scores full marks, and the graders leave nothing in their temporary folder.

Ends with the line `N passed, N failed`; exit status 1 if anything failed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from verdicts import Tally

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT / "handout"))
import build  # noqa: E402
import leaks  # noqa: E402
import links  # noqa: E402

INSTRUCTOR_ONLY = ["solutions/**", "tests/**", "labs/*/tests/hidden/**", "docs/instructor.md",
                   "platforms/**", ".ci/**", "dist/**", "build/**", "handout/**"]


def lab_names() -> list[str]:
    """The kit's labs, NN-topic, in order."""
    return sorted(p.parent.name for p in KIT.glob("labs/[0-9][0-9]-*/Makefile"))


def student_file(lab: str) -> str:
    """The one file a lab's student edits, from its Makefile's STUDENT line."""
    for line in (KIT / "labs" / lab / "Makefile").read_text().splitlines():
        words = line.replace(":=", " ").split()
        if words[:1] == ["STUDENT"] and len(words) == 2:
            return words[1]
    raise ValueError(f"labs/{lab}/Makefile names no STUDENT file")


def test_contents(t: Tally, files: dict[str, str]) -> None:
    for lab in lab_names():
        base = student_file(lab)[:-2]
        wanted = [f"labs/{lab}/{name}" for name in
                  ("Makefile", "README.md", f"{base}.c", f"{base}.h", f"tests/{base}_tests.c")]
        missing = [name for name in wanted if name not in files]
        t.check(not missing, f"the handout holds lab {lab}'s skeleton, README, header, tests",
                ", ".join(missing))
    for name in ("Makefile", "README.md", "grader/grade", "harness/judge.c", "mk/lab.mk", "mk/flags.mk",
                 "labs/common/driver.c", "labs/common/driver.h", "slides/lecture.md", "bench/Makefile"):
        t.check(name in files, f"the handout holds {name}")
    t.check(files.get("README.md") == "handout/README.md", "its README is the one written for students")
    forbidden = [build.pattern_regex(p) for p in INSTRUCTOR_ONLY]
    bad = [name for name in files if any(r.match(name) for r in forbidden)]
    t.check(not bad, "it holds nothing instructor-only (" + ", ".join(INSTRUCTOR_ONLY) + ")", ", ".join(bad))


def test_rules(t: Tally) -> None:
    manifest = build.read_manifest()
    hidden = "labs/01-create/tests/hidden/create_hidden.c"
    t.check(hidden not in build.select(manifest, [hidden]), "a hidden test is left out by its path")
    try:
        build.select(manifest, ["newfolder/new.c"])
        t.check(False, "a kit file that no rule judges stops the build")
    except build.BuildError as error:
        t.check("newfolder/new.c" in str(error), "a kit file that no rule judges stops the build",
                str(error))
    t.check(build.pattern_regex("labs/*/x").match("labs/a/b/x") is None
            and build.pattern_regex("labs/**").match("labs/a/b/x") is not None,
            "patterns: * stays within a folder, ** spans folders")


def test_tarball(t: Tally, tree: Path, tmp: Path) -> Path:
    first, second = tmp / "first.tar.gz", tmp / "second.tar.gz"
    build.pack(tree, first, 1_700_000_000)
    time.sleep(1.1)
    build.pack(tree, second, 1_700_000_000)
    t.check(first.read_bytes() == second.read_bytes(), "the tarball is reproducible (built twice, same bytes)")
    with tarfile.open(first) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    t.check(names == sorted(names) and all(n == build.TOP or n.startswith(build.TOP + "/") for n in names),
            f"its entries are sorted, all under {build.TOP}/")
    t.check(all(m.uid == 0 and m.gid == 0 and m.mtime == 1_700_000_000 for m in members),
            "its entries have owner 0:0 and the fixed mtime")
    t.check(all(m.isdir() or m.isfile() for m in members), "it holds only folders and regular files")
    print(f"       tarball: {len(names)} entries, {first.stat().st_size / 1024:.0f} KiB")
    return first


def test_leaks(t: Tally, tree: Path, tmp: Path) -> None:
    needles, short = leaks.reference_needles(KIT)
    for path in sorted(KIT.glob("solutions/*/*.c")):
        bodies = leaks.function_bodies(path.read_text())
        t.check(any(len(leaks.squeeze(b)) >= leaks.MIN_BODY for _, b in bodies),
                f"leak check: {path.relative_to(KIT)} has function bodies to look for ({len(bodies)})")
    print(f"       leak check: {leaks.summary(needles, short)}")
    found = leaks.find_leaks(tree, KIT, needles)
    for line in found:
        print(f"       {line}")
    t.check(not found, f"no handout file contains a reference function's body or a wrong solution "
            f"({len(found)} found)")

    copy = tmp / "planted"
    shutil.copytree(tree, copy)
    name, body = max(leaks.function_bodies((KIT / "solutions/07-ring/ring.c").read_text()),
                     key=lambda nb: len(nb[1]))
    dressed = body.replace(";", ";  /* a note */\n\t", 3).replace("{", "{ // why\n", 1)
    (copy / "labs/01-create/README.md").write_text(f"# Hint\n\nDon't peek:\n\n```c\n{{{dressed}}}\n```\n")
    wrong = sorted(KIT.glob("tests/wrong/*/*.c"))[0]
    (copy / "mk/example.mk").write_text("# taken from a wrong solution\n"
                                        + wrong.read_text().replace("\n", "\n\n"))
    planted = leaks.find_leaks(copy, KIT, needles)
    t.check(f"labs/01-create/README.md contains the body of {name} from solutions/07-ring/ring.c" in planted,
            f"leak check finds the body of {name} planted in a README, comments and spacing changed",
            "\n".join(planted))
    t.check(f"mk/example.mk contains the whole of {wrong.relative_to(KIT)}" in planted,
            "leak check finds a wrong solution planted in another file", "\n".join(planted))
    (copy / "labs/01-create/README.md").write_text(f"```c\n{dressed.replace('return', 'retorn')}\n```\n")
    still = [line for line in leaks.find_leaks(copy, KIT, needles) if line.startswith("labs/01-create/")]
    t.check(not still, "leak check does not flag that body with one word changed", "\n".join(still))


def test_links(t: Tally, tree: Path, tmp: Path) -> None:
    broken = links.broken_links(tree)
    for line in broken:
        print(f"       {line}")
    t.check(not broken, f"every relative Markdown link resolves inside the handout ({len(broken)} do not)")
    copy = tmp / "links"
    copy.mkdir()
    (copy / "sub").mkdir()
    (copy / "a.md").write_text("[ok](sub/) [ok](#x) [web](https://example.org) `[code](gone.md)`\n"
                               "[gone](sub/gone.md#part) [out](../outside.md)\n\n[ref]: missing.c\n")
    found = links.broken_links(copy)
    t.check(found == ["a.md links to sub/gone.md#part, which the handout does not hold",
                      "a.md links to ../outside.md, outside the handout",
                      "a.md links to missing.c, which the handout does not hold"],
            "link check finds planted broken links and only those", "\n".join(found))


def run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, float]:
    """Runs a command; returns (exit status, stdout+stderr, seconds)."""
    start = time.monotonic()
    done = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=900)
    return done.returncode, done.stdout, time.monotonic() - start


def lab_scores(results: Path) -> dict[str, tuple[float, float]]:
    """{lab: (score, max)} from a results.json, {} when there is none."""
    scores: dict[str, tuple[float, float]] = {}
    if not results.is_file():
        return scores
    for test in json.loads(results.read_text())["tests"]:
        got, most = scores.get(test["tags"][0], (0.0, 0.0))
        scores[test["tags"][0]] = (got + test["score"], most + test["max_score"])
    return scores


def test_grading(t: Tally, tarball: Path, tmp: Path) -> None:
    with tarfile.open(tarball) as tar:
        if hasattr(tarfile, "data_filter"):     # Python 3.11.4 on: refuse unsafe entries
            setattr(tar, "extraction_filter", getattr(tarfile, "data_filter"))
        tar.extractall(tmp / "unpacked")
    kit = tmp / "unpacked" / build.TOP
    grader_tmp = tmp / "grader-tmp"
    grader_tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["TMPDIR"] = str(grader_tmp)
    labs = lab_names()

    status, text, _ = run(["make", "-s", "help"], kit, env)
    t.check(status == 0 and "make grade" in text, "handout: make help", text[-1000:])
    targets = sorted({line.split()[1] for line in text.splitlines() if line.startswith("make ")})
    for target in targets:
        status, text, _ = run(["make", "-n", target], kit, env)
        t.check(status == 0, f"handout: make {target}, as make help lists it, has all it needs (make -n)",
                "\n".join(text.splitlines()[-3:]))

    status, text, seconds = run(["make", "-s", "grade", f"JSON={tmp / 'skeletons.json'}"], kit, env)
    scores = lab_scores(tmp / "skeletons.json")
    t.check(status != 0 and (tmp / "skeletons.json").is_file() and "does not compile" not in text,
            f"handout: make grade runs on the skeletons, points lost ({seconds:.1f} s)", text[-1500:])
    for lab in labs:
        got, most = scores.get(lab, (-1, 0))
        t.check(most > 0 and got == 0, f"handout: skeleton of {lab} scores 0 ({got:g}/{most:g})")

    status, text, seconds = run(["make", "-s", "-C", f"labs/{labs[0]}", "test"], kit, env)
    t.check(status != 0 and labs[0] in text, f"handout: make test in labs/{labs[0]} grades it "
            f"({seconds:.1f} s)", text[-1000:])

    for lab in labs:
        shutil.copyfile(KIT / "solutions" / lab / student_file(lab), kit / "labs" / lab / student_file(lab))
    status, text, seconds = run(["make", "-s", "grade", f"JSON={tmp / 'references.json'}"], kit, env)
    scores = lab_scores(tmp / "references.json")
    t.check(status == 0, f"handout: make grade with the references in labs/ exits 0 ({seconds:.1f} s)",
            text[-1500:])
    for lab in labs:
        got, most = scores.get(lab, (-1, 0))
        t.check(most > 0 and got == most, f"handout: reference of {lab} in its lab scores full marks "
                f"({got:g}/{most:g})")

    status, text, seconds = run(["make", "-s", "-C", f"labs/{labs[-1]}", "test"], kit, env)
    t.check(status == 0, f"handout: make test in labs/{labs[-1]} with the reference exits 0 ({seconds:.1f} s)",
            text[-1000:])
    left = sorted(p.name for p in grader_tmp.iterdir())
    t.check(not left, "handout: the graders left nothing in their temporary folder", ", ".join(left))


def main() -> int:
    t = Tally()
    tmp = Path(tempfile.mkdtemp(prefix="shmlabs-handout-test."))
    try:
        try:
            files = build.handout_files()
        except build.BuildError as error:
            t.check(False, "handout/files.txt judges every file of the kit", str(error))
            return 1
        t.check(True, f"handout/files.txt judges every file of the kit ({len(files)} in the handout)")
        test_contents(t, files)
        test_rules(t)
        tree = tmp / "handout"
        build.write_tree(files, tree)
        tarball = test_tarball(t, tree, tmp)
        test_leaks(t, tree, tmp)
        test_links(t, tree, tmp)
        test_grading(t, tarball, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"{t.passed} passed, {t.failed} failed")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
