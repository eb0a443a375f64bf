#!/usr/bin/env python3
"""The batch grader's own tests, run by `make test-batch` (issues 8 and 9):

- archives are unpacked safely, and unsafe ones are refused with a reason;
- student files are found in every upload shape, and competing files are
  settled by the documented rule, which the feedback states;
- gradebook cells and output folder names are safe, whatever the names;
- a class of every awkward shape, graded with --batch --out --csv --report
  (labs 01 and 02 only, to stay quick): scores, summary, CSV, the HTML report
  laid out by headless Chromium and its numbers against the CSV, a regrade
  into the same --out, no traceback, nothing left in the graders' TMPDIR;
- the batch's command-line errors exit 2 with one line;
- one submission in those shapes, graded without --batch.

Ends with the line `N passed, N failed`; exit status 1 if anything failed.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from concurrent.futures import Future
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable

KIT = Path(__file__).resolve().parent.parent
GRADE = KIT / "grader" / "grade"
sys.path.insert(0, str(KIT / "grader"))
from shmgrade import batch, kit, submission  # noqa: E402

LABS = ["01-create", "02-reopen"]


def _maxima() -> dict[str, int]:
    """Each of LABS's full marks, as its judge describes its tests."""
    labs = kit.select_labs(kit.discover_labs(), LABS)
    kit.build_kit(labs)
    return {lab.name: sum(t.points for t in lab.tests) for lab in labs}


FULL = _maxima()
NON_UTF8 = os.fsdecode(b"Jos\xe9")            # a folder name that is not UTF-8
counts = {"passed": 0, "failed": 0}


def check(ok: bool, name: str, detail: str = "") -> None:
    """Records one check and prints its verdict."""
    counts["passed" if ok else "failed"] += 1
    print(f"ok     {name}" if ok else f"FAILED {name}" + (f": {detail[:2000]}" if detail else ""))


def solution(lab: str) -> bytes:
    """The reference student file of lab."""
    return next((KIT / "solutions" / lab).glob("*.c")).read_bytes()


def skeleton(lab: str) -> bytes:
    """The untouched skeleton of lab (compiles, scores 0)."""
    return (KIT / "labs" / lab / student_name(lab)).read_bytes()


def student_name(lab: str) -> str:
    """The student file's name of lab (create.c for 01-create)."""
    return next((KIT / "solutions" / lab).glob("*.c")).name


def put(path: Path, data: bytes) -> None:
    """Writes data at path, making its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_zip(path: Path, members: dict[str, bytes]) -> None:
    """A zip of members {name in the archive: bytes}."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def make_tar(path: Path, members: dict[str, bytes], links: dict[str, tuple[bytes, str]] | None = None,
             mode: str = "w") -> None:
    """A tar (mode "w:gz" for .tar.gz) of regular members, and of links
    {name: (tarfile type, target)}."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, mode) as t:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        for name, (kind, target) in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            t.addfile(info)


# ---------------------------------------------------------------- unpacking


def refused(archive: Path, **limits: int) -> str:
    """The reason archive is refused, or "" when it unpacks."""
    with tempfile.TemporaryDirectory() as into:
        try:
            submission.unpack(archive, Path(into), **limits)
        except submission.ArchiveRefused as e:
            return str(e)
    return ""


def test_unpacking(work: Path) -> None:
    good = work / "good.tar.gz"
    make_tar(good, {"handin/01-create/create.c": b"int x;\n"}, mode="w:gz")
    check(refused(good) == "", "unpack: a plain .tar.gz unpacks")
    cases: list[tuple[str, Path, str, dict[str, int]]] = []
    make_zip(work / "up.zip", {"../evil": b"x", "create.c": b"int x;\n"})
    cases.append(("a zip member ../evil", work / "up.zip", "outside", {}))
    make_zip(work / "abs.zip", {"/tmp/evil": b"x"})
    cases.append(("a zip member with an absolute path", work / "abs.zip", "absolute", {}))
    make_tar(work / "sym.tar", {}, {"create.c": (tarfile.SYMTYPE, "/etc/passwd")})
    cases.append(("a tar symlink", work / "sym.tar", "link", {}))
    make_tar(work / "hard.tar", {"a": b"x"}, {"create.c": (tarfile.LNKTYPE, "a")})
    cases.append(("a tar hard link", work / "hard.tar", "link", {}))
    make_tar(work / "dev.tar", {}, {"null": (tarfile.CHRTYPE, "")})
    cases.append(("a tar device", work / "dev.tar", "special", {}))
    make_tar(work / "many.tar", {f"f{i}": b"" for i in range(11)})
    cases.append(("more entries than the limit", work / "many.tar", "more than 10 entries", {"max_files": 10}))
    make_tar(work / "big.tar.gz", {"big": bytes(3 * 1024 * 1024)}, mode="w:gz")
    cases.append(("more bytes than the limit", work / "big.tar.gz", "more than 2 MiB", {"max_bytes": 2 << 20}))
    make_tar(work / "twice.tar", {"create.c": b"a"})
    with tarfile.open(work / "twice.tar", "a") as t:
        info = tarfile.TarInfo("./create.c")
        t.addfile(info, io.BytesIO(b""))
    cases.append(("the same file twice", work / "twice.tar", "twice", {}))
    (work / "junk.zip").write_bytes(b"not a zip at all")
    cases.append(("a file that is not an archive", work / "junk.zip", "cannot be unpacked", {}))
    for what, archive, words, limits in cases:
        reason = refused(archive, **limits)
        check(words in reason, f"unpack: refuses {what}", repr(reason))
    odd = work / "odd"
    odd.mkdir()
    os.mkfifo(odd / "upload.zip")
    with open(odd / "huge.tar", "wb") as f:
        f.truncate(submission.MAX_ARCHIVE_BYTES + 1)
    with submission.open_submission(odd, {"create.c": "01-create"}) as sub:
        problems = " ".join(sub.problems)
    check("upload.zip refused: it is not a regular file" in problems and "huge.tar refused: it is larger" in problems,
          "unpack: a FIFO named like an archive and an oversized archive are refused unread", problems)
    check(not (work.parent / "evil").exists() and not Path("/tmp/evil").exists(),
          "unpack: nothing is written outside the folder it unpacks into")


# ---------------------------------------------------------------- choosing


def located(folder: Path, lab: str = "01-create") -> submission.Choice:
    """The choice for lab in folder, as the grader makes it; the file it
    chose is read into read_back (it is gone once the submission closes)."""
    with submission.open_submission(folder, {"create.c": "01-create", "reopen.c": "02-reopen"}) as sub:
        choice = sub.choose(lab, student_name(lab))
        read_back[folder] = choice.path.read_bytes() if choice.path and not choice.path.is_symlink() else b""
        return choice


read_back: dict[Path, bytes] = {}


def test_choosing(work: Path) -> None:
    shapes = {
        "01-create/create.c": "",
        "labs/01-create/create.c": "",
        "create.c": "loose at the top",
        "handin/create.c": "handin/create.c",
        "a/b/create.c": "a/b/create.c",
        "shm-labs-main/labs/01-create/create.c": "shm-labs-main/labs/01-create/create.c",
        "x/y/labs/01-create/create.c": "x/y/labs/01-create/create.c",
    }
    for i, (shape, note) in enumerate(shapes.items()):
        put(work / f"shape{i}" / shape, b"int x;\n")
        choice = located(work / f"shape{i}")
        check(choice.path is not None and (note in choice.note if note else choice.note == ""),
              f"choose: {shape} is found" + (f" and the note says {note!r}" if note else ", no note"),
              repr(choice))
    put(work / "deep/a/b/c/create.c", b"int x;\n")
    check(located(work / "deep").path is None, "choose: three wrapping folders are too deep")
    put(work / "both/create.c", b"loose")
    put(work / "both/labs/01-create/create.c", b"laid out")
    choice = located(work / "both")
    check(choice.shown == "labs/01-create/create.c" and "documented layout" in choice.note
          and "not graded: create.c" in choice.note,
          "choose: the documented layout beats a loose file, and the note says why", choice.note)
    put(work / "depth/a/create.c", b"one deep")
    put(work / "depth/a/b/create.c", b"two deep")
    choice = located(work / "depth")
    check(choice.shown == "a/create.c" and "fewer wrapping folders" in choice.note,
          "choose: the shallower of two loose files wins, and the note says why", choice.note)
    put(work / "zipped/create.c", b"outside")
    make_zip(work / "zipped/up.zip", {"create.c": b"inside"})
    choice = located(work / "zipped")
    check(choice.shown == "create.c" and "not inside an archive" in choice.note
          and "up.zip:create.c" in choice.note,
          "choose: a file outside an archive beats one inside it", choice.note)
    make_zip(work / "onlyzip/up.zip", {"shm-labs-main/labs/01-create/create.c": b"in zip"})
    choice = located(work / "onlyzip")
    check(read_back[work / "onlyzip"] == b"in zip" and "inside up.zip" in choice.note,
          "choose: a wrapped layout inside a zip in the folder is found", choice.note)
    (work / "linked/01-create").mkdir(parents=True)
    os.symlink("/etc/passwd", work / "linked/01-create/create.c")
    choice = located(work / "linked")
    check(choice.path is not None and choice.path.is_symlink(),
          "choose: a symlinked student file is still the one chosen (then refused when read)")


# ---------------------------------------------------------------- names and cells


def test_names_and_cells() -> None:
    for risky in ("=2+5", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        check(batch.csv_cell(risky) == "'" + risky, f"csv: a cell starting {risky[:1]!r} is neutralised")
    check(batch.csv_cell("alice") == "alice", "csv: an ordinary cell is kept as it is")
    check(submission.printable(NON_UTF8) == "Jos\\xe9", "names: bytes that are not UTF-8 are escaped",
          submission.printable(NON_UTF8))
    check(submission.printable("a\nb") == "a\\x0ab", "names: control characters are escaped")
    taken = {"summary.txt"}
    names = [batch.folder_name(n, taken) for n in
             (submission.printable(NON_UTF8), ".dotted", "summary.txt", "Zoë", "a b", "A B", "x" * 300)]
    check(names == ["Jos_xe9", "_dotted", "summary.txt-2", "Zoë", "a_b", "A_B-2", "x" * 100],
          "names: output folders are safe, unique (case too) and never hidden", repr(names))


# ---------------------------------------------------------------- one student's failure


def test_failure_is_the_students(work: Path) -> None:
    labs = kit.select_labs(kit.discover_labs(), ["01-create"])
    kit.build_kit(labs)
    put(work / "crash/01-create/create.c", solution("01-create"))

    def crashing(lab: Any, sub: submission.Submission) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(RuntimeError("boom"))
        return future

    student = batch.grade_student(batch.Student("crash", work / "crash"), labs, crashing)
    check(student.results[0].score == 0 and "RuntimeError: boom" in student.results[0].problem
          and any("boom" in p for p in student.problems),
          "batch: an unexpected error in one lab is that student's problem, not a crash",
          repr(student.problems))

    def grader_broken(lab: Any, sub: submission.Submission) -> Future[Any]:
        raise kit.GraderError("bubblewrap is missing")

    try:
        batch.grade_student(batch.Student("crash", work / "crash"), labs, grader_broken)
        check(False, "batch: the grader's own failure stops the batch")
    except kit.GraderError:
        check(True, "batch: the grader's own failure stops the batch")


# ---------------------------------------------------------------- the class


def make_class(root: Path) -> dict[str, dict[str, int]]:
    """Every awkward shape, and the scores each student must get."""
    ref = {lab: solution(lab) for lab in LABS}
    put(root / "=2+5/01-create/create.c", ref["01-create"])
    put(root / "=2+5/02-reopen/reopen.c", ref["02-reopen"])
    put(root / NON_UTF8 / "labs/01-create/create.c", ref["01-create"])
    put(root / ".dotted/create.c", ref["01-create"])
    make_zip(root / "late-student.zip", {"create.c": ref["01-create"], "reopen.c": ref["02-reopen"]})
    put(root / "flat/create.c", ref["01-create"])
    put(root / "flat/reopen.c", ref["02-reopen"])
    put(root / "wrapped/shm-labs-main/labs/01-create/create.c", ref["01-create"])
    put(root / "wrapped/shm-labs-main/labs/02-reopen/reopen.c", ref["02-reopen"])
    make_tar(root / "tarball/upload.tar.gz", {"handin/01-create/create.c": ref["01-create"],
                                              "handin/02-reopen/reopen.c": ref["02-reopen"]}, mode="w:gz")
    make_zip(root / "evil/evil.zip", {"../evil": b"x", "create.c": ref["01-create"]})
    make_tar(root / "linky/upload.tar", {"reopen.c": ref["02-reopen"]},
             {"create.c": (tarfile.SYMTYPE, "/etc/passwd")})
    put(root / "twice/create.c", skeleton("01-create"))
    put(root / "twice/labs/01-create/create.c", ref["01-create"])
    (root / "empty").mkdir()
    put(root / "skeleton/01-create/create.c", skeleton("01-create"))
    put(root / "broken/01-create/create.c", b"this is not C\n")
    put(root / "notes.txt", b"a stray file\n")
    return {
        "'=2+5": FULL, "Jos\\xe9": {"01-create": FULL["01-create"], "02-reopen": 0},
        ".dotted": {"01-create": FULL["01-create"], "02-reopen": 0}, "late-student.zip": FULL, "flat": FULL,
        "wrapped": FULL, "tarball": FULL, "evil": {"01-create": 0, "02-reopen": 0},
        "linky": {"01-create": 0, "02-reopen": 0}, "twice": {"01-create": FULL["01-create"], "02-reopen": 0},
        "empty": {"01-create": 0, "02-reopen": 0}, "skeleton": {"01-create": 0, "02-reopen": 0},
        "broken": {"01-create": 0, "02-reopen": 0},
    }


def grade(env: dict[str, str], *args: str | Path) -> tuple[int, str]:
    """Runs the grader on labs 01 and 02 with two jobs; (exit status, output)."""
    done = subprocess.run([str(GRADE), "--lab", "1", "--lab", "2", "--jobs", "2", *map(str, args)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=900)
    return done.returncode, done.stdout.decode("utf-8", "replace")


def read_csv(path: Path) -> dict[str, dict[str, int]]:
    """{student cell: {lab or total: points}} from a gradebook."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    return {row[0]: {h: int(float(v)) for h, v in zip(header[1:], row[1:])} for row in rows[1:]}


class DataReader(HTMLParser):
    """Collects the data-* attributes of a page, element by element."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[dict[str, str]] = []
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = {k[5:]: v or "" for k, v in attrs if k.startswith("data-")}
        if found:
            self.data.append(found)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]


def laid_out(page: Path, scratch: Path) -> str:
    """The page's DOM after headless Chromium laid it out, or "" when it
    could not."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return ""
    env = dict(os.environ, TMPDIR=str(scratch), HOME=str(scratch))
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                           f"--user-data-dir={scratch / 'profile'}", "--dump-dom", page.as_uri()],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, timeout=120)
    return done.stdout.decode("utf-8", "replace")


def check_report(page: Path, book: dict[str, dict[str, int]], scratch: Path) -> None:
    dom = laid_out(page, scratch)
    check("<svg" in dom and "</html>" in dom, "report: headless Chromium lays the page out",
          "chromium missing or failed (sh mk/deps.sh slides installs it)" if not dom else dom[:300])
    reader = DataReader()
    reader.feed(dom or page.read_text(encoding="utf-8"))
    check(not reader.urls and "script" not in reader.tags and "link" not in reader.tags,
          "report: self-contained (no scripts, no links to load)", repr(reader.urls))
    for lab in LABS:
        on_page = {int(float(d["score"])): int(d["count"]) for d in reader.data
                   if d.get("lab") == lab and "score" in d}
        in_csv: dict[int, int] = {}
        for scores in book.values():
            in_csv[scores[lab]] = in_csv.get(scores[lab], 0) + 1
        check(on_page == in_csv, f"report: {lab}'s score distribution matches the CSV",
              f"page {on_page}, csv {in_csv}")
    students = [d["students"] for d in reader.data if "students" in d and "lab" not in d]
    check(students == [str(len(book))], "report: the number of students matches the CSV", repr(students))
    zeros = {(d["zero"]) for d in reader.data if "zero" in d}
    text = dom or page.read_text(encoding="utf-8")
    check(zeros == {"01-create", "02-reopen"} and "broken" in text and "nothing compiled" in text
          and "nothing found" in text, "report: lists zeros for nothing compiled and nothing found")
    failed = [d for d in reader.data if "failed" in d]
    check(bool(failed) and all(int(d["failed"]) <= int(d["ran"]) for d in failed)
          and any(d["test"].startswith("1.") for d in failed),
          "report: the most failed tests come with their counts", repr(failed[:3]))


def feedback(out: Path, folder: str) -> str:
    return (out / folder / "feedback.txt").read_text(encoding="utf-8")


def test_class(work: Path, env: dict[str, str]) -> None:
    klass, out, book_path, page = work / "class", work / "out", work / "grades.csv", work / "report.html"
    expected = make_class(klass)
    status, text = grade(env, "--batch", klass, "--out", out, "--csv", book_path, "--report", page)
    check(status == 1 and "Traceback" not in text, "class: graded with exit status 1, no traceback", text)
    book = read_csv(book_path) if book_path.exists() else {}
    for name, scores in expected.items():
        got = {lab: book.get(name, {}).get(lab) for lab in LABS}
        check(got == scores, f"class: {name} scores {scores}", f"got {got}")
    check(all(book[n]["total"] == sum(book[n][lab] for lab in LABS) for n in book),
          "csv: each total is the sum of the labs")
    raw = book_path.read_text(encoding="utf-8") if book_path.exists() else ""
    cells = [c for row in csv.reader(io.StringIO(raw)) for c in row]
    check(bool(cells) and not any(c.startswith(batch.CSV_RISKY_STARTS) for c in cells),
          "csv: no cell starts with = + - @ tab or CR", repr(cells))
    summary = (out / "summary.txt").read_text(encoding="utf-8") if (out / "summary.txt").exists() else ""
    check(bool(summary) and summary in text, "summary: printed and written to --out/summary.txt", summary)
    for words in ("graded 13 students (12 folders, 1 archive)", "notes.txt: neither a folder",
                  "empty: nothing found", "evil: archive evil.zip refused", "leads outside",
                  "linky: archive upload.tar refused", "is a link",
                  "Jos\\xe9: name rewritten", "Jos_xe9/", ".dotted: name rewritten"):
        check(words in summary, f"summary: says {words!r}", summary)
    check(not (work / "evil").exists() and not (klass / "evil" / "evil").exists(),
          "class: the ../evil member was written nowhere")
    notes = {"twice": "graded labs/01-create/create.c, because it is in the documented layout",
             "wrapped": "graded shm-labs-main/labs/01-create/create.c, not 01-create/create.c",
             "_dotted": "graded create.c (loose at the top)",
             "tarball": "graded upload.tar.gz:handin/01-create/create.c (inside upload.tar.gz)",
             "late-student.zip": "late-student.zip:create.c"}
    for folder, words in notes.items():
        said = feedback(out, folder) if (out / folder / "feedback.txt").exists() else ""
        check(words in said, f"feedback of {folder}: says where its file was found", said)
    check(all((out / f / "results.json").is_file() for f in ("=2+5", "Jos_xe9", "_dotted", "empty")),
          "out: a results.json for each student, in safely named folders")
    check_report(page, book, work / "chromium")

    shutil.rmtree(klass / "flat")
    (out / "mine").mkdir()
    status, text = grade(env, "--batch", klass, "--out", out, "--csv", book_path)
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    check(not (out / "flat").exists() and "flat/: removed" in summary,
          "regrade: a deleted student's old folder is removed and reported", summary)
    check((out / "mine").is_dir() and "mine/: in" in summary and "not made by the grader" in summary,
          "regrade: a folder the grader did not make is left and reported", summary)
    check("flat" not in read_csv(book_path) and "Traceback" not in text, "regrade: the gradebook follows")


def test_command_line(work: Path, env: dict[str, str]) -> None:
    (work / "batch").mkdir()
    put(work / "batch" / "notes.txt", b"not a student\n")
    cases: list[tuple[list[str | Path], str, str]] = [
            (["--report", work / "r.html", work], "--report needs --batch", "--report without --batch"),
            (["--batch", work / "batch", "--out", work / "o"], "no folders or archives",
             "a batch with no student"),
            (["--batch", work, "--out", work / "batch" / "out"], "inside the batch folder",
             "--out inside the batch folder"),
            (["--batch", work / "missing"], "is not a directory", "a missing batch folder")]
    for args, words, what in cases:
        status, text = grade(env, *args)
        lines = [line for line in text.splitlines() if line.startswith("grader") and "isolation:" not in line]
        check(status == 2 and words in text and len(lines) == 1 and "Traceback" not in text,
              f"command line: {what} exits 2 with one line", text)


def test_one_submission(work: Path, env: dict[str, str]) -> None:
    wrapped = work / "wrapped" / "shm-labs-main" / "labs"
    for lab in LABS:
        put(wrapped / lab / student_name(lab), solution(lab))
    status, text = grade(env, work / "wrapped")
    check(status == 0 and "shm-labs-main/labs/01-create/create.c" in text,
          "one submission: a wrapped layout gets full marks and says where it was found", text)
    make_zip(work / "late-student.zip", {student_name(lab): solution(lab) for lab in LABS})
    status, text = grade(env, work / "late-student.zip")
    check(status == 0 and "late-student.zip:create.c" in text,
          "one submission: a zip upload gets full marks and says where it was found", text)


SHAPES = ("layout", "labs-layout", "loose", "wrapped", "zip-in-folder", "loose-zip", "tar.gz",
          "dotted", "formula", "not-utf8", "competing", "empty", "evil-zip", "symlink-tar")


def place(root: Path, n: int, files: dict[str, tuple[str, bytes]]) -> None:
    """Student n of an awkward class, in shape SHAPES[n % len(SHAPES)]:
    files is {lab: (student file name, bytes)}."""
    shape = SHAPES[n % len(SHAPES)]
    name = {"dotted": f".student{n:03d}", "formula": f"=1+{n}",
            "not-utf8": os.fsdecode(b"stud\xe9nt%03d" % n)}.get(shape, f"student{n:03d}")
    laid_out = {f"{lab}/{file}": data for lab, (file, data) in files.items()}
    loose = {file: data for file, data in files.values()}
    if shape in ("layout", "dotted", "formula", "not-utf8"):
        members = laid_out
    elif shape == "labs-layout":
        members = {f"labs/{path}": data for path, data in laid_out.items()}
    elif shape == "loose":
        members = loose
    elif shape == "wrapped":
        members = {f"shm-labs-main/labs/{path}": data for path, data in laid_out.items()}
    elif shape == "competing":
        members = {f"labs/{path}": data for path, data in laid_out.items()}
        members.update({file: skeleton(lab) for lab, (file, _) in files.items()})
    else:
        members = {}
    for path, data in members.items():
        put(root / name / path, data)
    if shape == "empty":
        (root / name).mkdir(parents=True)
    elif shape == "zip-in-folder":
        make_zip(root / name / "upload.zip", laid_out)
    elif shape == "loose-zip":
        make_zip(root / f"{name}.zip", loose)
    elif shape == "tar.gz":
        make_tar(root / name / "handin.tar.gz", {f"handin/{p}": d for p, d in laid_out.items()}, mode="w:gz")
    elif shape == "evil-zip":
        make_zip(root / name / "evil.zip", {"../evil": b"x", **loose})
    elif shape == "symlink-tar":
        make_tar(root / name / "upload.tar", loose, {"extra.c": (tarfile.SYMTYPE, "/etc/passwd")})


def make_awkward_class(root: Path, students: int, seed: int = 1) -> None:
    """A class for measuring the batch: tests/make_class.py's mix of files
    (reference, known wrong, skeleton, hostile, missing) in every shape."""
    sys.path.insert(0, str(KIT / "tests"))
    import make_class                                  # noqa: E402 (the kit's class generator)
    import random
    rng = random.Random(seed)
    labs = kit.built_labs()
    hostile = make_class.hostile_files()
    for n in range(1, students + 1):
        files = {}
        for lab in labs:
            source = make_class.choose(rng, lab, hostile)
            if source is not None:
                files[lab.name] = (lab.student, Path(source).read_bytes())
        place(root, n, files)
    put(root / "README.txt", b"a stray file at the top of the batch\n")


SECTIONS: dict[str, Callable[[Path, dict[str, str]], None]] = {
    "unpack": lambda work, env: test_unpacking(work),
    "choose": lambda work, env: test_choosing(work),
    "names": lambda work, env: test_names_and_cells(),
    "failure": lambda work, env: test_failure_is_the_students(work),
    "class": test_class,
    "cli": test_command_line,
    "one": test_one_submission,
}


def main(argv: list[str]) -> int:
    """Runs the sections named in argv (default: all of them), or with
    `--make-class DIR N` makes an awkward class of N students for measuring."""
    if argv[:1] == ["--make-class"] and len(argv) == 3 and argv[2].isdigit():
        make_awkward_class(Path(argv[1]), int(argv[2]))
        print(f"made {argv[2]} students in {argv[1]}, every shape of SHAPES")
        return 0
    if any(a not in SECTIONS for a in argv):
        print(f"usage: batch_test.py [{'|'.join(SECTIONS)}]... | --make-class DIR N", file=sys.stderr)
        return 2
    graders_tmp = Path(tempfile.mkdtemp(prefix="shmlabs-batchtest-tmp."))
    env = dict(os.environ, TMPDIR=str(graders_tmp))
    with tempfile.TemporaryDirectory(prefix="shmlabs-batchtest.") as scratch:
        for name in argv or SECTIONS:
            work = Path(scratch) / name
            work.mkdir(exist_ok=True)
            SECTIONS[name](work, env)
    left = os.listdir(graders_tmp)
    check(not left, "nothing left in the graders' private TMPDIR", repr(left))
    shutil.rmtree(graders_tmp, ignore_errors=True)
    print(f"{counts['passed']} passed, {counts['failed']} failed")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
