#!/usr/bin/env python3
"""Builds the student handout: the kit as a student receives it.

    python3 handout/build.py [--out DIR]        (what `make handout` runs)
    python3 handout/build.py --list             (the files it would hold)

Writes DIR/handout/ (default DIR: dist) and DIR/shm-labs-handout.tar.gz, whose
one top folder is shm-labs/. Which files the handout holds is said in one
place, handout/files.txt. Before packing, the handout is checked: no file may
contain the body of a reference function or a known wrong solution
(handout/leaks.py), and every relative Markdown link must resolve inside it
(handout/links.py). When a check fails, DIR/handout/ is left for inspection,
no tarball is written, and the exit status is 1. Exit status 2: the handout
could not be built (one line says why).

The tarball is reproducible: entries sorted by name, owner root:root, modes
0644 or 0755, every mtime the last commit's time (or SOURCE_DATE_EPOCH), and a
gzip header without name or time.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
KIT = HERE.parent
RULES = HERE / "files.txt"
TOP = "shm-labs"
TARBALL = "shm-labs-handout.tar.gz"

sys.path.insert(0, str(HERE))
import leaks  # noqa: E402
import links  # noqa: E402


class BuildError(Exception):
    """The handout cannot be built: one line for the user, exit status 2."""


@dataclass(frozen=True)
class Rule:
    """One `+`/`-` line of files.txt: take or leave out what PATTERN matches."""
    take: bool
    pattern: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Manifest:
    """files.txt, parsed: path rules, built files, files written for students."""
    rules: list[Rule]
    built: list[str]
    replaced: dict[str, str]       # handout path -> kit path


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """The regex of a files.txt pattern: `**` spans folders, `*` and `?` do not."""
    parts = re.split(r"(\*\*/?|\*|\?)", pattern)
    out = []
    for part in parts:
        if part in ("**", "**/"):
            out.append(".*")
        elif part == "*":
            out.append("[^/]*")
        elif part == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out) + r"\Z")


def read_manifest(path: Path = RULES) -> Manifest:
    """Parses files.txt; raises BuildError naming a line it cannot read."""
    rules: list[Rule] = []
    built: list[str] = []
    replaced: dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        kind, args = words[0], words[1:]
        if kind in "+-" and len(args) == 1:
            rules.append(Rule(kind == "+", args[0], pattern_regex(args[0])))
        elif kind == "?" and len(args) == 1:
            built.append(args[0])
        elif kind == "=" and len(args) == 2:
            replaced[args[0]] = args[1]
        else:
            raise BuildError(f"{path}:{number}: cannot read {line.strip()!r} (see the file's first comment)")
    return Manifest(rules, built, replaced)


def kit_files(kit: Path = KIT) -> list[str]:
    """The kit's files as git sees them in the work tree, sorted: tracked ones
    that exist, and new ones that .gitignore does not exclude (the handout is
    made of what is on disk, so a new file must not be missing from it)."""
    try:
        done = subprocess.run(["git", "-C", str(kit), "ls-files", "-z", "--cached", "--others",
                               "--exclude-standard"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise BuildError(f"git ls-files failed in {kit}: {error}") from error
    names = done.stdout.decode().split("\0")
    return sorted({name for name in names if name and (kit / name).is_file()})


def select(manifest: Manifest, candidates: list[str]) -> dict[str, str]:
    """{handout path: kit path} for the candidates the rules take, plus the
    built files that exist and the replaced files. Raises BuildError when a
    candidate matches no rule."""
    chosen: dict[str, str] = {}
    unjudged: list[str] = []
    for name in candidates:
        rule = next((r for r in manifest.rules if r.regex.match(name)), None)
        if rule is None:
            unjudged.append(name)
        elif rule.take:
            chosen[name] = name
    if unjudged:
        raise BuildError(f"no rule of {RULES.relative_to(KIT)} takes or leaves out: {', '.join(unjudged)}")
    for name in manifest.built:
        if (KIT / name).is_file():
            chosen[name] = name
    for name, source in manifest.replaced.items():
        if not (KIT / source).is_file():
            raise BuildError(f"{RULES.relative_to(KIT)} names {source} for {name}, and it does not exist")
        chosen[name] = source
    return dict(sorted(chosen.items()))


def handout_files(kit: Path = KIT) -> dict[str, str]:
    """{handout path: kit path} of every file the handout holds."""
    return select(read_manifest(), kit_files(kit))


def write_tree(files: dict[str, str], target: Path, kit: Path = KIT) -> None:
    """Writes the handout's files into target (created; must not exist),
    keeping each file's executable bit."""
    target.mkdir(parents=True)
    for name, source in files.items():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kit / source, destination)
        destination.chmod(0o755 if os.access(kit / source, os.X_OK) else 0o644)


def source_date() -> int:
    """The mtime of every tarball entry: SOURCE_DATE_EPOCH, else the last commit's time."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    done = subprocess.run(["git", "-C", str(KIT), "log", "-1", "--format=%ct"],
                          stdout=subprocess.PIPE, text=True)
    return int(done.stdout.strip() or 0)


def _entry(name: str, mode: int, mtime: int, size: int = 0, folder: bool = False) -> tarfile.TarInfo:
    """A tar header with fixed owners and time."""
    info = tarfile.TarInfo(f"{TOP}/{name}" if name else TOP)
    info.type = tarfile.DIRTYPE if folder else tarfile.REGTYPE
    info.mode, info.mtime, info.size = mode, mtime, size
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def pack(tree: Path, tarball: Path, mtime: int) -> None:
    """Packs the handout tree into a reproducible tar.gz under the folder shm-labs/."""
    files = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file())
    folders = sorted({"/".join(f.split("/")[:i]) for f in files for i in range(1, f.count("/") + 1)})
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name in sorted([""] + folders + files):
            path = tree / name
            if path.is_dir():
                tar.addfile(_entry(name, 0o755, mtime, folder=True))
            else:
                mode = 0o755 if os.access(path, os.X_OK) else 0o644
                with path.open("rb") as data:
                    tar.addfile(_entry(name, mode, mtime, path.stat().st_size), data)
    with tarball.open("wb") as out, gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
        gz.write(raw.getvalue())


def check(tree: Path) -> list[str]:
    """Every problem of a written handout: leaks of reference code, broken
    links. Says which reference bodies are too short to be looked for."""
    needles, short = leaks.reference_needles(KIT)
    print(f"handout: {leaks.summary(needles, short)}")
    return leaks.find_leaks(tree, KIT, needles) + links.broken_links(tree)


def build(out: Path) -> int:
    """Builds out/handout and out/shm-labs-handout.tar.gz; returns the exit status."""
    tree, tarball = out / "handout", out / TARBALL
    files = handout_files()
    for old in (tree, tarball):
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    write_tree(files, tree)
    problems = check(tree)
    for line in problems:
        print(line)
    if problems:
        print(f"handout: {len(problems)} problems: {tree} written for inspection, not packed", file=sys.stderr)
        return 1
    pack(tree, tarball, source_date())
    size = sum((tree / name).stat().st_size for name in files)
    print(f"handout: {len(files)} files, {size / 1024:.0f} KiB -> {tree}, "
          f"{tarball} ({tarball.stat().st_size / 1024:.0f} KiB)")
    return 0


def main(argv: list[str]) -> int:
    """Command line: see the module's comment."""
    parser = argparse.ArgumentParser(prog="handout/build.py",
                                     description="Build the student handout (see handout/files.txt).")
    parser.add_argument("--out", type=Path, default=KIT / "dist", metavar="DIR",
                        help="write DIR/handout/ and DIR/" + TARBALL + " (default: dist)")
    parser.add_argument("--list", action="store_true", help="print the handout's files and stop")
    args = parser.parse_args(argv)
    try:
        if args.list:
            for name, source in handout_files().items():
                print(name if name == source else f"{name} (from {source})")
            return 0
        return build(args.out.resolve())
    except (BuildError, OSError) as error:
        print(f"handout: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
