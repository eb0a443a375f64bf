#!/usr/bin/env python3
"""Checks the kit's Markdown files, as `make test-docs` runs it:

- every relative link, and its #anchor, leads to a file of the repository
  that git tracks (a clone has nothing else), never out of it;
- every http(s) link is well-formed (nothing is fetched);
- every points table (a table with "test" and "points" columns) agrees with
  the test tables of the grader: each test's points, no test missing, and the
  "(N points)" of the heading above it;
- grader output pasted in a code block (a lab's row, "first N.M: title", a
  failed test's line) has the kit's titles, points and maxima;
- what docs/grader.md marks "available" (options, make targets) exists, and
  what it marks "planned" does not yet;
- the prototypes in docs/labs.md are those of the labs' headers.

Prints `FILE:LINE: target: reason` for each failure, then `N passed, N failed`.
Exit status: 0 all passed, 1 some failed, 2 it could not run.

    python3 tests/check_links.py                  the whole kit (make test-docs)
    python3 tests/check_links.py README.md        one file
    python3 tests/check_links.py --root dist/handout --links-only
                                                  an unpacked copy: its links only
"""

import argparse
import importlib
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

KIT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Link:
    """A link found in a Markdown file, at a line (1-based)."""
    line: int
    target: str


@dataclass
class Document:
    """What the checks need of one Markdown file."""
    links: list[Link] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    tables: list["PointsTable"] = field(default_factory=list)
    code: list[tuple[int, str]] = field(default_factory=list)     # fenced lines
    slugs_seen: dict[str, int] = field(default_factory=dict)

    def add_heading(self, title: str) -> None:
        """Adds the anchor GitHub gives a heading: its slug, and "-1", "-2"
        after it for the second and third heading with the same slug."""
        slug = github_slug(heading_text(title))
        count = self.slugs_seen.get(slug, 0)
        self.slugs_seen[slug] = count + 1
        self.anchors.add(slug if count == 0 else f"{slug}-{count}")


@dataclass
class PointsTable:
    """A table with test and points columns, and the heading above it."""
    line: int
    heading: str
    rows: list[tuple[int, str, str]] = field(default_factory=list)   # line, test, points


@dataclass
class Tally:
    """Counts checks and prints each failure as FILE:LINE: target: reason."""
    passed: int = 0
    failed: int = 0

    def check(self, ok: bool, where: str, line: int, target: str, reason: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"{where}:{line}: {target}: {reason}")


# --- reading Markdown ------------------------------------------------------

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
NOT_PARAGRAPH = re.compile(r"^\s*([-*+>|#]|\d+[.)]\s|$)")
CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
LINK_OPEN = re.compile(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*)>")
HTML_TARGET = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""")
HTML_ANCHOR = re.compile(r"""<[a-zA-Z][^>]*\b(?:id|name)\s*=\s*["']([^"']+)["']""")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def link_destination(text: str, start: int) -> str:
    """The destination of an inline link whose "(" ends just before start:
    `<...>`, or up to whitespace or the ")" that balances it."""
    while start < len(text) and text[start] in " \t":
        start += 1
    if text.startswith("<", start):
        end = text.find(">", start)
        return text[start + 1:end] if end > 0 else ""
    depth, end = 0, start
    while end < len(text) and not text[end].isspace():
        if text[end] == "(":
            depth += 1
        elif text[end] == ")":
            if depth == 0:
                break
            depth -= 1
        end += 1
    return text[start:end]


def without_code_spans(line: str) -> str:
    """The line with each inline code span blanked out (its links are code)."""
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def line_links(line: str) -> Iterator[str]:
    """Every link target on one line of prose: inline links and images,
    reference definitions, autolinks, and href/src of raw HTML."""
    prose = without_code_spans(line)
    for match in LINK_OPEN.finditer(prose):
        yield link_destination(prose, match.end())
    definition = REFERENCE_DEFINITION.match(prose)
    if definition:
        yield definition.group(1)
    for pattern in (AUTOLINK, HTML_TARGET):
        for match in pattern.finditer(prose):
            yield match.group(1)


def heading_text(markdown: str) -> str:
    """A heading's text as GitHub renders it: code spans keep their text,
    links and images their text, HTML tags and emphasis marks go."""
    parts = re.split(r"(`+[^`]*`+)", markdown)
    text = []
    for part in parts:
        if part.startswith("`"):
            text.append(part.strip("`").strip())
            continue
        part = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", part)
        part = re.sub(r"<[^>]+>", "", part)
        text.append(re.sub(r"(?<!\w)_+|_+(?!\w)", "", part))
    return "".join(text)


def github_slug(text: str) -> str:
    """GitHub's anchor for a heading's text: lower case; letters, digits,
    marks, "-" and "_" kept; other punctuation dropped; spaces become "-"."""
    kept = []
    for char in text.strip().lower():
        category = unicodedata.category(char)
        if char in "-_ " or char.isalnum() or category.startswith("M"):
            kept.append("-" if char == " " else char)
    return "".join(kept)


def table_cells(line: str) -> list[str]:
    """The cells of a Markdown table row, stripped."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]


def is_closing_fence(line: str, fence: str) -> bool:
    """Whether line closes the code block that the fence `fence` opened."""
    closing = FENCE.match(line)
    return closing is not None and closing.group(1)[0] == fence[0] \
        and len(closing.group(1)) >= len(fence) and not line.strip().strip(fence[0]).strip()


class PointsTableReader:
    """Collects the points tables of a document, a table line at a time."""

    def __init__(self, tables: list[PointsTable]) -> None:
        self.tables = tables
        self.table: PointsTable | None = None
        self.columns = (0, 0)

    def feed(self, number: int, line: str, heading: str) -> None:
        """Takes the next line of prose; any line but a table row ends a table."""
        if not line.lstrip().startswith("|"):
            self.table = None
            return
        cells = table_cells(line)
        names = [cell.lower() for cell in cells]
        if self.table is None and "test" in names and "points" in names:
            self.table = PointsTable(number, heading)
            self.columns = (names.index("test"), names.index("points"))
            self.tables.append(self.table)
        elif self.table is not None and not set("".join(cells)) <= set("-: ") \
                and max(self.columns) < len(cells):
            self.table.rows.append((number, cells[self.columns[0]].strip("`"), cells[self.columns[1]]))


def read_document(path: Path) -> Document:
    """Links, heading anchors, points tables and code lines of a Markdown
    file. Front matter, fenced code, HTML comments and code spans hold no
    links."""
    text = HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"),
                            path.read_text(encoding="utf-8", errors="replace"))
    lines = text.split("\n")
    doc = Document()
    tables = PointsTableReader(doc.tables)
    fence, heading, previous = "", "", ""
    start = front_matter_end(lines)
    for number, line in enumerate(lines[start:], start + 1):
        if fence:
            fence = "" if is_closing_fence(line, fence) else fence
            if fence:
                doc.code.append((number, line))
            previous = ""
            continue
        opening = FENCE.match(line)
        if opening:
            fence, previous = opening.group(1), ""
            tables.feed(number, "", heading)
            continue
        atx = ATX_HEADING.match(line)
        if atx or SETEXT_UNDERLINE.match(line) and previous and not NOT_PARAGRAPH.match(previous):
            heading = (atx.group(1) or "") if atx else previous.strip()
            doc.add_heading(heading)
        doc.anchors.update(m.group(1) for m in HTML_ANCHOR.finditer(line))
        doc.links += [Link(number, target) for target in line_links(line)]
        tables.feed(number, line, heading)
        previous = line
    return doc


def front_matter_end(lines: list[str]) -> int:
    """The index of the first line after YAML front matter (0 if none)."""
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], 1):
            if line.strip() in ("---", "..."):
                return index + 1
    return 0


# --- the repository --------------------------------------------------------

def repository_files(root: Path) -> set[str]:
    """Every file git tracks at root, as paths relative to root; when root is
    not the top of a git work tree (an unpacked handout), every file on disk."""
    top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if top.returncode == 0 and Path(top.stdout.strip()).resolve() == root:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], check=True,
                                stdout=subprocess.PIPE).stdout
        return {name for name in listed.decode().split("\0") if name}
    return {str(p.relative_to(root)) for p in root.rglob("*")
            if p.is_file() and ".git" not in p.parts}


def directories_of(files: set[str]) -> set[str]:
    """Every folder that holds one of files, the repository itself as ".". """
    folders = {"."}
    for name in files:
        parent = os.path.dirname(name)
        while parent and parent not in folders:
            folders.add(parent)
            parent = os.path.dirname(parent)
    return folders


# --- checking links --------------------------------------------------------

HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
CODE_LINE_ANCHOR = re.compile(r"^L\d+(-L\d+)?$")


class LinkChecker:
    """Checks links against the kit's files and anchors; holds what the
    checks read once: documents, and the grader's test tables."""

    def __init__(self, root: Path, files: set[str]) -> None:
        self.root = root
        self.files = files
        self.folders = directories_of(files)
        self.documents: dict[str, Document] = {}
        self.tests: dict[str, KitTest] | None = None     # read when first needed

    def document(self, name: str) -> Document:
        """The Document of a tracked Markdown file, read once."""
        if name not in self.documents:
            self.documents[name] = read_document(self.root / name)
        return self.documents[name]

    def problem(self, source: str, target: str) -> str | None:
        """Why target, a link in the file source, is bad; None when it is good."""
        if not target.strip():
            return "empty link"
        if SCHEME.match(target):
            return url_problem(target)
        if target.startswith("//"):
            return "leaves the repository (a link to another host needs https:)"
        path, _, anchor = target.partition("#")
        if not path:
            return self.anchor_problem(source, anchor)
        base = "" if path.startswith("/") else os.path.dirname(source)
        name = os.path.normpath(os.path.join(base, unquote(path).lstrip("/")))
        if name == ".." or name.startswith("../") or os.path.isabs(name):
            return "leaves the repository (a clone has only the repository's files)"
        if name in self.folders:
            return None
        if name not in self.files:
            if (self.root / name).exists():
                return "not tracked by git, so a clone will not have it"
            return "no such file in the repository"
        if anchor and name.endswith(".md"):
            return self.anchor_problem(name, anchor)
        if anchor and not CODE_LINE_ANCHOR.match(anchor):
            return f"#{anchor} is not a line anchor (#L12 or #L12-L20)"
        return None

    def anchor_problem(self, name: str, anchor: str) -> str | None:
        """Why #anchor does not lead into the Markdown file name; None if it does."""
        if not anchor:
            return None
        if unquote(anchor) in self.document(name).anchors:
            return None
        return f"no heading in {name} has the anchor #{anchor}"


def url_problem(url: str) -> str | None:
    """Why an absolute URL is not well-formed; None when it is. Only http(s)
    and mailto are allowed; nothing is fetched."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        if not parts.netloc or not HOST.match(parts.netloc):
            return "not a well-formed URL: no host, or a host with bad characters"
        if any(char.isspace() for char in url):
            return "not a well-formed URL: it contains spaces"
        return None
    if parts.scheme == "mailto":
        return None if "@" in parts.path else "not a well-formed mailto: link"
    return f"a {parts.scheme}: link; only http(s) and mailto links may leave the repository"


# --- checking points tables ------------------------------------------------

@dataclass(frozen=True)
class KitTest:
    """What the grader knows of one test."""
    points: int
    hidden: bool
    title: str


def kit_tests(root: Path) -> dict[str, KitTest]:
    """{test number: KitTest} for every test of every lab of the kit at root,
    hidden ones too, from the grader's own tables (shmgrade/kit.py builds the
    judges and lists them)."""
    sys.path.insert(0, str(root / "grader"))
    kit = importlib.import_module("shmgrade.kit")
    labs = kit.discover_labs()
    kit.build_kit(labs, hidden=True)
    return {test.number: KitTest(int(test.points), bool(test.hidden), str(test.title))
            for lab in labs for test in lab.tests}


def test_order(number: str) -> tuple[int, str, int]:
    """Sorts test numbers as people do: 1.2 before 1.10, 1.14 before 1.H1."""
    lab, _, rest = number.partition(".")
    prefix = rest.rstrip("0123456789")
    return int(lab), prefix, int(rest[len(prefix):] or 0)


def check_table(tally: Tally, where: str, table: PointsTable, tests: dict[str, KitTest]) -> None:
    """Each row's points equal the grader's; no test of a lab in the table is
    missing; a "(N points)" in the heading above is the sum."""
    listed: set[str] = set()
    for line, number, points in table.rows:
        known = tests.get(number)
        if known is None:
            tally.check(False, where, line, f"test {number}", "the grader has no such test")
            continue
        listed.add(number)
        tally.check(points == str(known.points), where, line, f"test {number}",
                    f"the table says {points}, the grader gives {known.points} points")
    labs = {number.split(".")[0] for number in listed}
    expected = {number: test for number, test in tests.items()
                if number.split(".")[0] in labs and not test.hidden}
    missing = sorted(set(expected) - listed, key=test_order)
    tally.check(not missing, where, table.line, f"tests {', '.join(missing)}",
                "the grader has them, the table does not")
    total = re.search(r"\((\d+) points?\)", table.heading)
    if total and expected:
        maximum = sum(test.points for test in expected.values())
        tally.check(int(total.group(1)) == maximum, where, table.line, f"heading {table.heading!r}",
                    f"says {total.group(1)} points, the grader's maximum is {maximum}")


# --- checking references to tests ------------------------------------------

TEST_REFERENCE = re.compile(r"\*\*(\d+\.[0-9A-Z]+)\*\*")


def test_references(path: Path) -> list[tuple[int, str]]:
    """(line, number) of each test named in bold (**1.4**), as the slides
    and READMEs name the tests that catch a mistake."""
    return [(n, number) for n, text in enumerate(path.read_text(errors="replace").splitlines(), 1)
            for number in TEST_REFERENCE.findall(text)]


# --- checking sample output of the grader ------------------------------------

SAMPLE_ROW = re.compile(r"^(\d\d)-[a-z0-9-]+ +[\d.]+/(\d+)\b")
SAMPLE_FIRST = re.compile(r"\bfirst (\d+\.\d+): (.+?)\s*$")
SAMPLE_FAILED = re.compile(r"^ +(\d+\.\d+) (.+?) \((\d+) points?\): ")


def is_sample_output(line: str) -> bool:
    """Whether a line looks like the grader's output."""
    return any(p.search(line) for p in (SAMPLE_ROW, SAMPLE_FIRST, SAMPLE_FAILED))


def check_sample_output(tally: Tally, name: str, lines: list[tuple[int, str]],
                        tests: dict[str, KitTest]) -> None:
    """Lines of the grader's output pasted in name (a lab's row, "first N.M:
    TITLE", a failed test's "N.M TITLE (P points):") name the kit's tests with
    their real titles, points and lab maxima."""
    for number, line in lines:
        row = SAMPLE_ROW.match(line)
        if row:
            lab = str(int(row.group(1)))
            maximum = sum(test.points for key, test in tests.items()
                          if key.split(".")[0] == lab and not test.hidden)
            tally.check(int(row.group(2)) == maximum, name, number, line.split()[0],
                        f"the sample says {row.group(2)} points at most, the grader {maximum}")
        first, failed = SAMPLE_FIRST.search(line), SAMPLE_FAILED.match(line)
        for match in (m for m in (first, failed) if m):
            known = tests.get(match.group(1))
            tally.check(known is not None and known.title == match.group(2), name, number,
                        f"test {match.group(1)}",
                        f"the grader's title is {known.title!r}" if known else "no such test")
        if failed and failed.group(1) in tests:
            points = tests[failed.group(1)].points
            tally.check(int(failed.group(3)) == points, name, number, f"test {failed.group(1)}",
                        f"the sample says {failed.group(3)} points, the grader {points}")


# --- checking "available" and "planned" in docs/grader.md ---------------------

OPTION = re.compile(r"--[a-z][a-z-]*")


def status_rows(path: Path, first_column: str) -> Iterator[tuple[int, str, bool]]:
    """(line, first cell, marked available) for each row of the tables of
    path whose header starts with first_column and ends with "status"."""
    in_table = False
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.lstrip().startswith("|"):
            in_table = False
            continue
        cells = table_cells(line)
        if cells[0].lower() == first_column and cells[-1].lower() == "status":
            in_table = True
        elif in_table and not set("".join(cells)) <= set("-: "):
            yield number, cells[0].strip("`"), cells[-1].lower().startswith("available")


def make_target_exists(root: Path, target: str) -> bool:
    """Whether the kit's Makefile has target, and not as a "not built yet"
    stub (a dry run: make -n runs no recipe but recursive makes, dry too)."""
    done = subprocess.run(["make", "-n", "-C", str(root), target], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=120)
    return done.returncode == 0 and "not built yet" not in done.stdout


def check_status_marks(tally: Tally, root: Path, name: str) -> None:
    """The options and make targets that docs/grader.md marks available are
    exactly those that grader/grade --help lists and the Makefiles make."""
    path = root / name
    usage = subprocess.run([str(root / "grader" / "grade"), "--help"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=60).stdout
    offered = set(OPTION.findall(usage))
    documented: set[str] = set()
    for line, cell, available in status_rows(path, "option"):
        option = OPTION.match(cell)
        if option is None:
            continue
        documented.add(option.group(0))
        tally.check(available == (option.group(0) in offered), name, line, option.group(0),
                    f"marked {'available' if available else 'planned'}, but grader/grade "
                    f"--help {'does not list' if available else 'lists'} it")
    undocumented = sorted(offered - documented)
    tally.check(not undocumented, name, 1, ", ".join(undocumented),
                "grader/grade --help lists it, the options table does not")
    targets: dict[str, tuple[int, bool]] = {}
    for line, cell, available in status_rows(path, "target"):
        target = cell.removeprefix("make ").split()[0].strip("`")
        first_line, any_available = targets.get(target, (line, False))
        targets[target] = (first_line, any_available or available)
    for target, (line, available) in targets.items():
        tally.check(available == make_target_exists(root, target), name, line, target,
                    f"marked {'available' if available else 'planned'}, but `make -n {target}` "
                    f"{'fails or finds a stub' if available else 'works'}")


# --- checking the prototypes of docs/labs.md ---------------------------------

LAB_SECTION = re.compile(r"^## (\d\d-[a-z0-9-]+): `([\w.]+\.h)`")


def c_declarations(text: str) -> str:
    """C source without comments, each run of white space one space, and no
    space next to punctuation: "int *f(int a);" and "int * f (int a) ;" match."""
    text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ?([()*,;]) ?", r"\1", text).strip()


def check_prototypes(tally: Tally, root: Path, name: str) -> None:
    """Every declaration in the C blocks of docs/labs.md's lab sections is in
    the lab's header, word for word but for spacing and comments."""
    header = ""
    in_code = False
    for number, line in enumerate((root / name).read_text(encoding="utf-8").split("\n"), 1):
        section = LAB_SECTION.match(line)
        if section:
            header_path = root / "labs" / section.group(1) / section.group(2)
            header = c_declarations(header_path.read_text()) if header_path.is_file() else ""
            tally.check(header_path.is_file(), name, number, str(header_path.relative_to(root)),
                        "no such header")
        elif line.startswith("```"):
            in_code = line.strip() == "```c" and bool(header)
        elif in_code and line.strip():
            declaration = c_declarations(line)
            tally.check(declaration in header, name, number, declaration,
                        "the lab's header does not declare it so")


# --- the command -----------------------------------------------------------

def check_file(tally: Tally, checker: LinkChecker, name: str, links_only: bool) -> None:
    """Every check that applies to the Markdown file name (relative to the
    checker's root), or its links only. Raises an exception when the kit
    itself cannot be read."""
    doc = checker.document(name)
    for link in doc.links:
        reason = checker.problem(name, link.target)
        tally.check(reason is None, name, link.line, link.target, reason or "")
    if links_only:
        return
    samples = [(number, line) for number, line in doc.code if is_sample_output(line)]
    if (doc.tables or samples) and checker.tests is None:
        checker.tests = kit_tests(checker.root)
    references = test_references(checker.root / name)
    if (doc.tables or samples or references) and checker.tests is None:
        checker.tests = kit_tests(checker.root)
    for table in doc.tables:
        check_table(tally, name, table, checker.tests or {})
    for line, number in references:
        tally.check(number in (checker.tests or {}), name, line, f"test {number}",
                    "the grader has no such test")
    check_sample_output(tally, name, samples, checker.tests or {})
    if name == "docs/grader.md":
        check_status_marks(tally, checker.root, name)
    if name == "docs/labs.md":
        check_prototypes(tally, checker.root, name)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="tests/check_links.py",
        description="Checks that every link of the kit's Markdown files resolves inside the "
                    "kit, and that the documents agree with the grader and the labs.",
        epilog="exit status: 0 all passed, 1 some failed, 2 it could not run.")
    parser.add_argument("--root", type=Path, default=KIT, metavar="DIR",
                        help="the kit to check, a git work tree or an unpacked copy such as "
                             "the handout (default: this kit)")
    parser.add_argument("--links-only", action="store_true",
                        help="check links and anchors only: build nothing, run no grader")
    parser.add_argument("files", nargs="*", metavar="FILE.md",
                        help="files to check (default: every Markdown file of the kit)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not root.is_dir():
        parser.error(f"--root {args.root} is not a folder")
    checker = LinkChecker(root, repository_files(root))
    names = [os.path.relpath(Path(f).resolve(), root) for f in args.files] \
        or sorted(name for name in checker.files if name.endswith(".md"))
    tally = Tally()
    for name in names:
        if name.startswith("..") or not (root / name).is_file():
            parser.error(f"{name} is not a file of {root}")
        try:
            check_file(tally, checker, name, args.links_only)
        except Exception as error:      # the kit itself is broken: one line, not a traceback
            print(f"tests/check_links.py: cannot check {name}: {error}", file=sys.stderr)
            return 2
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
