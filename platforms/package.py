"""What goes into a platform's package: the kit as the grader needs it,
taken from `git ls-files` so that new kit files come along, and never
anything that gives a solution away (student code in a grading container
can read every world-readable file in it)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
KIT_DIR = "shm-labs"            # the kit's folder inside every package

INCLUDED = ("labs/", "harness/", "grader/", "mk/", "platforms/")
INCLUDED_FILES = ("Makefile", "README.md")
# Never packaged, even under an included folder: reference solutions, the
# known-wrong and hostile corpora, instructor notes, build outputs.
EXCLUDED = re.compile(r"(^|/)(solutions|wrong|hostile|dist|build|\.git)(/|$)"
                      r"|(^|/)docs/instructor\.md$")
# The instructor's hidden tests: packaged only when asked for (HIDDEN=1).
HIDDEN_TESTS = re.compile(r"^labs/[^/]+/tests/hidden/")
# What runs inside a package: without these it could not grade at all.
RUNTIME = ("grader/grade", "platforms/autograde.py", "platforms/formats.py", "platforms/package.py")
STAMP = (1980, 1, 1, 0, 0, 0)   # one date for every archive member: same kit, same archive


class PackageError(Exception):
    """A package cannot be made: one line for the user, exit status 2."""


def packaged(path: str) -> bool:
    """Whether the kit file `path` (relative to the kit) belongs in a package."""
    if EXCLUDED.search(path):
        return False
    return path in INCLUDED_FILES or path.startswith(INCLUDED)


def _git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(KIT), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise PackageError(f"git {args[0]} failed in {KIT} (packages are made from a git "
                           f"checkout of the kit): {done.stderr.strip()}")
    return done.stdout


def kit_files(untracked: bool = False) -> list[str]:
    """The kit's tracked files that belong in a package, in order; with
    `untracked`, also the files git does not track but does not ignore."""
    listed = _git("ls-files", "-z", *(["--cached", "--others", "--exclude-standard"]
                                      if untracked else []))
    tracked = _git("ls-files", "-z") if untracked else listed
    files = sorted(p for p in listed.split("\0") if p and packaged(p) and (KIT / p).is_file())
    extra = sorted(set(files) - set(tracked.split("\0")))
    if extra:
        print(f"warning: packaging untracked files {', '.join(extra)}: check that none of "
              f"them holds a solution", file=sys.stderr)
    return files


def changed_files(files: list[str]) -> list[str]:
    """Those of `files` whose working copy differs from the last commit: a
    packaged skeleton edited into a solution would give the solution away."""
    return [p for p in _git("diff", "--name-only", "HEAD", "--", *files).splitlines() if p]


def kit_version() -> str:
    """The kit's commit, with -dirty when the working tree has changes."""
    return _git("describe", "--always", "--dirty").strip()


def all_labs() -> list[str]:
    """Every labs/NN-topic folder with a Makefile, in order."""
    return sorted(p.parent.name for p in (KIT / "labs").glob("[0-9][0-9]-*/Makefile"))


def chosen_labs(wanted: list[str]) -> list[str]:
    """The labs named (all when none), checked against the kit's."""
    labs = all_labs()
    unknown = [lab for lab in wanted if lab not in labs]
    if unknown:
        raise PackageError(f"no lab {unknown[0]!r}: the labs are {', '.join(labs)}")
    return sorted(set(wanted)) if wanted else labs


def student_file(lab: str) -> str:
    """The one file a student edits in `lab` (STUDENT in its Makefile)."""
    text = (KIT / "labs" / lab / "Makefile").read_text()
    match = re.search(r"^STUDENT\s*:?=\s*(\S+)", text, re.M)
    if not match:
        raise PackageError(f"labs/{lab}/Makefile names no STUDENT file")
    return match.group(1)


@dataclass(frozen=True)
class Choice:
    """What the instructor asked for: the labs, hidden tests, untracked files."""
    labs: list[str]
    hidden: bool = False
    untracked: bool = False


def copy_kit(dest: Path, choice: Choice, platform: str) -> None:
    """Copies the packaged kit files into `dest` (modes kept; the hidden
    tests only with choice.hidden) and writes the package's settings,
    platforms/grading.json, which autograde.py reads, and VERSION, the kit's
    version, which the grader reports (a package has no .git)."""
    files = [p for p in kit_files(choice.untracked) if choice.hidden or not HIDDEN_TESTS.match(p)]
    missing = [p for p in RUNTIME if p not in files]
    if missing:
        raise PackageError(f"{missing[0]} is not a tracked kit file: commit it first")
    changed = changed_files(files)
    if changed:
        print(f"warning: packaging uncommitted changes of {', '.join(changed)}: check that "
              f"none of them holds a solution", file=sys.stderr)
    for path in files:
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(KIT / path, target)
    settings = {"platform": platform, "labs": choice.labs, "hidden": choice.hidden}
    (dest / "platforms" / "grading.json").write_text(json.dumps(settings, indent=2) + "\n")
    (dest / "VERSION").write_text(kit_version() + "\n")   # the grader's extra_data.kit


def _members(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def write_zip(folder: Path, archive: Path) -> None:
    """Zips the files under `folder` (paths relative to it, Unix modes kept,
    one date) into `archive`, replaced whole."""
    tmp = archive.with_name(archive.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for path in _members(folder):
            info = zipfile.ZipInfo(str(path.relative_to(folder)), STAMP)
            info.external_attr = (0o100000 | (path.stat().st_mode & 0o777)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, path.read_bytes())
    tmp.replace(archive)


def write_tar(folder: Path, archive: Path) -> None:
    """Tars the files under `folder` (paths relative to it, modes kept, owner
    root, one date) into `archive`, replaced whole."""
    def normal(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = 0
        return info

    tmp = archive.with_name(archive.name + ".tmp")
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as out:
        for path in _members(folder):
            out.add(path, arcname=str(path.relative_to(folder)), recursive=False, filter=normal)
    tmp.replace(archive)
