"""Finding a student's files in whatever they uploaded (docs/grader.md,
"Submissions, more shapes").

A submission is a folder or an archive (.zip, .tar, .tar.gz, .tgz). In it, a
lab's student file (create.c for 01-create) is found by its name:

- in the documented layout, NN-topic/FILE or labs/NN-topic/FILE;
- loose, as FILE;
- either of these inside one or two wrapping folders
  (shm-labs-main/labs/01-create/create.c, handin/create.c);
- any of these inside an archive found at the top or in a wrapping folder.

Archives are unpacked into a private temporary folder, refusing anything
unsafe: absolute paths, `..`, links, devices, more than MAX_UNPACKED_FILES
entries or MAX_UNPACKED_BYTES bytes. When several files compete for one lab,
the grader takes the first by these rules, in order: the documented layout
first; then the one in the fewest wrapping folders; then one outside an archive;
then the first by path. The note of a Choice says which file was graded and why.
"""

from __future__ import annotations

import os
import shutil
import stat
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Iterator

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".zip")
MAX_UNPACKED_BYTES = 16 * 1024 * 1024
MAX_UNPACKED_FILES = 2000
MAX_ARCHIVE_BYTES = 2 * MAX_UNPACKED_BYTES    # an archive this large cannot unpack within the limit
MAX_WRAPPERS = 2                 # wrapping folders around the layout or a loose file
MAX_SCANNED_ENTRIES = 20000      # a walk of a submission stops after this many entries
SKIPPED_FOLDERS = frozenset({"__MACOSX"})   # macOS resource forks in zips, never student code


class ArchiveRefused(Exception):
    """An archive that is not unpacked: the message says why, for a person."""


def printable(name: str) -> str:
    """name as a person can read it on one line: bytes that are not UTF-8
    (os functions give them as surrogates) and control characters are written
    as \\xNN escapes, e.g. 'Jos\\xe9'."""
    raw = name.encode("utf-8", "surrogateescape")
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 0x100
                   else f"\\u{ord(c):04x}" for c in text)


def is_archive(name: str) -> bool:
    """True when name ends with a suffix the grader unpacks (any case)."""
    return name.lower().endswith(ARCHIVE_SUFFIXES)


@dataclass(frozen=True)
class Candidate:
    """One file with a lab's student-file name, somewhere in a submission."""
    lab: str                 # "01-create"
    shown: str               # where the student sees it: "upload.zip:labs/01-create/create.c"
    path: Path               # where the grader reads it
    documented: bool         # NN-topic/FILE or labs/NN-topic/FILE (possibly wrapped)
    wrappers: int            # wrapping folders around the layout or the loose file
    in_archive: bool

    def rank(self) -> tuple[bool, int, bool, str]:
        """Sort key: the smallest is the file graded (see the module's rules)."""
        return (not self.documented, self.wrappers, self.in_archive, self.shown)

    def where(self) -> str:
        """Where the file is, for a person: its path, and in words where the
        path alone may puzzle ("create.c (loose at the top)")."""
        if self.in_archive:
            return f"{self.shown} (inside {self.shown.split(':', 1)[0]})"
        if "/" not in self.shown:
            return f"{self.shown} (loose at the top)"
        return self.shown

    def in_place(self) -> bool:
        """True when the file is exactly where the documented layout says."""
        return self.documented and self.wrappers == 0 and not self.in_archive


def _why_first(chosen: Candidate, other: Candidate) -> str:
    """The first rule by which chosen beats other, in words."""
    if chosen.documented != other.documented:
        return "it is in the documented layout NN-topic/FILE"
    if chosen.wrappers != other.wrappers:
        return "it is in fewer wrapping folders"
    if chosen.in_archive != other.in_archive:
        return "it is not inside an archive"
    return "it comes first by path"


@dataclass(frozen=True)
class Choice:
    """The student file graded for one lab, or None, with a note for the
    student's feedback ("" when the file was where the layout says)."""
    path: Path | None
    shown: str
    note: str


def choose(lab: str, student: str, candidates: list[Candidate]) -> Choice:
    """The candidate graded for lab (student: its file name) and a note that
    says where it was found and, if others competed, why this one."""
    if not candidates:
        return Choice(None, "", "")
    ranked = sorted(candidates, key=Candidate.rank)
    best = ranked[0]
    if len(ranked) == 1:
        note = "" if best.in_place() else (
            f"graded {best.where()}, not {lab}/{student} as the layout says")
        return Choice(best.path, best.shown, note)
    others = ", ".join(c.shown for c in ranked[1:])
    note = (f"{len(ranked)} files named {student}: graded {best.where()}, because "
            f"{_why_first(best, ranked[1])}; not graded: {others}")
    return Choice(best.path, best.shown, note)


def _classify(parts: tuple[str, ...], lab: str) -> tuple[bool, int]:
    """(documented, wrappers) for a file at the relative path parts."""
    folders = parts[:-1]
    if folders and folders[-1] == lab:
        wrapping = folders[:-1]
        if wrapping and wrapping[-1] == "labs":
            wrapping = wrapping[:-1]
        return True, len(wrapping)
    return False, len(folders)


def _check_member_name(name: str) -> tuple[str, ...]:
    """The parts of an archive member's path, or raises ArchiveRefused when it
    would land outside the folder it is unpacked into."""
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        raise ArchiveRefused(f"it holds an absolute path ({printable(name)})")
    parts = tuple(p for p in unified.split("/") if p not in ("", "."))
    if ".." in parts:
        raise ArchiveRefused(f"it holds a path that leads outside it ({printable(name)})")
    return parts


class _Budget:
    """What an archive may still unpack: entries and bytes."""

    def __init__(self, max_files: int, max_bytes: int) -> None:
        self.files = max_files
        self.bytes = max_bytes
        self.max_files = max_files
        self.max_bytes = max_bytes

    def take_entry(self) -> None:
        """Counts one entry; raises ArchiveRefused past the limit."""
        self.files -= 1
        if self.files < 0:
            raise ArchiveRefused(f"it holds more than {self.max_files} entries")

    def take_bytes(self, count: int) -> None:
        """Counts bytes written; raises ArchiveRefused past the limit."""
        self.bytes -= count
        if self.bytes < 0:
            raise ArchiveRefused(f"it unpacks to more than {self.max_bytes // (1024 * 1024)} MiB")


def _write_member(into: Path, parts: tuple[str, ...], data: IO[bytes], budget: _Budget) -> None:
    """Writes one regular file at into/parts from data, never over an existing
    file and never through a link; counts its bytes against budget."""
    target = into.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        raise ArchiveRefused(f"it holds {printable('/'.join(parts))} twice") from None
    with os.fdopen(fd, "wb") as out:
        while chunk := data.read(64 * 1024):
            budget.take_bytes(len(chunk))
            out.write(chunk)


def _unpack_zip(archive: Path, into: Path, budget: _Budget) -> None:
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            budget.take_entry()
            parts = _check_member_name(info.filename)
            kind = stat.S_IFMT(info.external_attr >> 16)     # 0 when made without Unix modes
            if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise ArchiveRefused(f"{printable(info.filename)} is a link or a special file")
            if info.flag_bits & 0x1:
                raise ArchiveRefused(f"{printable(info.filename)} is encrypted")
            if info.is_dir() or not parts:
                into.joinpath(*parts).mkdir(parents=True, exist_ok=True)
                continue
            if info.file_size > budget.bytes:
                budget.take_bytes(info.file_size)
            with z.open(info) as data:
                _write_member(into, parts, data, budget)


def _unpack_tar(archive: Path, into: Path, budget: _Budget) -> None:
    with tarfile.open(archive, "r:*") as t:
        for member in t:
            budget.take_entry()
            parts = _check_member_name(member.name)
            if member.isdir() or not parts:
                into.joinpath(*parts).mkdir(parents=True, exist_ok=True)
                continue
            if not member.isreg():
                kind = "a link" if member.issym() or member.islnk() else "a special file"
                raise ArchiveRefused(f"{printable(member.name)} is {kind}")
            if member.size > budget.bytes:
                budget.take_bytes(member.size)
            data = t.extractfile(member)
            if data is None:
                raise ArchiveRefused(f"{printable(member.name)} cannot be read")
            with data:
                _write_member(into, parts, data, budget)


def unpack(archive: Path, into: Path, max_files: int = MAX_UNPACKED_FILES,
           max_bytes: int = MAX_UNPACKED_BYTES) -> None:
    """Unpacks archive (.zip, .tar, .tar.gz) into the empty folder into, with
    only regular files and folders. Raises ArchiveRefused, with the reason,
    for anything unsafe or unreadable; into may then hold part of it."""
    budget = _Budget(max_files, max_bytes)
    try:
        if archive.name.lower().endswith(".zip"):
            _unpack_zip(archive, into, budget)
        else:
            _unpack_tar(archive, into, budget)
    except ArchiveRefused:
        raise
    except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError, ValueError,
            NotImplementedError, RuntimeError) as e:
        raise ArchiveRefused(f"it cannot be unpacked ({type(e).__name__}: {e})") from None


@dataclass
class Submission:
    """One student's upload, opened: its candidate files by lab, what was
    refused, and the temporary folders that close() removes."""
    name: str                                      # printable, for messages
    problems: list[str] = field(default_factory=list)
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    temporary: list[Path] = field(default_factory=list)

    def choose(self, lab: str, student: str) -> Choice:
        """The file graded for lab (see choose())."""
        return choose(lab, student, self.candidates.get(lab, []))

    def close(self) -> None:
        """Removes what was unpacked. Safe to call twice."""
        for folder in self.temporary:
            shutil.rmtree(folder, ignore_errors=True)
        self.temporary.clear()

    def __enter__(self) -> Submission:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _walk(root: Path, max_depth: int) -> Iterator[tuple[tuple[str, ...], bool]]:
    """(relative parts, is a folder) of each entry under root, at most
    max_depth folders deep, sorted, links never followed, bounded in count."""
    seen = 0
    stack: list[tuple[str, ...]] = [()]
    while stack:
        folder = stack.pop()
        try:
            names = sorted(os.listdir(root.joinpath(*folder)), reverse=True)
        except OSError:
            continue
        for name in names:
            seen += 1
            if seen > MAX_SCANNED_ENTRIES:
                return
            parts = folder + (name,)
            try:
                is_folder = stat.S_ISDIR(os.lstat(root.joinpath(*parts)).st_mode)
            except OSError:
                continue
            yield parts, is_folder
            if is_folder and len(parts) <= max_depth and name not in SKIPPED_FOLDERS:
                stack.append(parts)


def _scan(sub: Submission, root: Path, labs: dict[str, str], prefix: str,
          archives_allowed: bool) -> None:
    """Adds the candidates under root to sub (shown as prefix + path), and
    unpacks the archives at the top or in wrapping folders when allowed."""
    max_depth = MAX_WRAPPERS + 2          # wrappers, labs, NN-topic
    for parts, is_folder in _walk(root, max_depth):
        shown = prefix + "/".join(parts)
        if not is_folder and parts[-1] in labs:
            lab = labs[parts[-1]]
            documented, wrappers = _classify(parts, lab)
            if wrappers <= MAX_WRAPPERS:
                sub.candidates.setdefault(lab, []).append(
                    Candidate(lab, printable(shown), root.joinpath(*parts), documented, wrappers,
                              bool(prefix)))
        elif not is_folder and archives_allowed and is_archive(parts[-1]) \
                and len(parts) <= MAX_WRAPPERS + 1:
            _scan_archive(sub, root.joinpath(*parts), labs, shown)


def _scan_archive(sub: Submission, archive: Path, labs: dict[str, str], shown: str) -> None:
    """Unpacks archive into a private folder and scans it; a refusal becomes
    one of sub's problems."""
    into = Path(tempfile.mkdtemp(prefix="shmlabs-upload-"))
    sub.temporary.append(into)
    info = os.lstat(archive)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ARCHIVE_BYTES:
        why = ("it is a symbolic link" if stat.S_ISLNK(info.st_mode) else
               "it is not a regular file" if not stat.S_ISREG(info.st_mode) else
               f"it is larger than {MAX_ARCHIVE_BYTES // (1024 * 1024)} MiB")
        sub.problems.append(f"archive {printable(shown)} refused: {why}")
        return
    try:
        unpack(archive, into)
    except ArchiveRefused as e:
        sub.problems.append(f"archive {printable(shown)} refused: {e}")
        shutil.rmtree(into, ignore_errors=True)
        return
    _scan(sub, into, labs, shown + ":", archives_allowed=False)


def open_submission(path: Path | str, labs: dict[str, str]) -> Submission:
    """Opens a submission folder or archive and finds the candidates for
    labs ({student file name: lab name}). Problems (a refused archive, an
    unreadable folder) are in the result, never raised; close() it after."""
    path = Path(path)
    sub = Submission(printable(path.name))
    try:
        info = os.lstat(path)
    except OSError as e:
        sub.problems.append(f"{sub.name} cannot be read: {e.strerror}")
        return sub
    if stat.S_ISDIR(info.st_mode):
        if not os.access(path, os.R_OK | os.X_OK):
            sub.problems.append(f"folder {sub.name} cannot be read")
        _scan(sub, path, labs, "", archives_allowed=True)
    elif stat.S_ISREG(info.st_mode) and is_archive(path.name):
        _scan_archive(sub, path, labs, path.name)
    else:
        sub.problems.append(f"{sub.name} is neither a folder nor a .zip, .tar or .tar.gz archive")
    return sub
