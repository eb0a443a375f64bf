"""The handout's leak check: no handout file may give a solution away.

A leak is a handout file that contains, once comments and all whitespace are
removed from both, either
- the body of a function defined in solutions/*/*.c (the text between the
  braces of its definition), or
- a whole known wrong solution, tests/wrong/*/*.c (each is one change away
  from a solution).
Bodies shorter than MIN_BODY characters (without whitespace) are not looked
for: such a body (`return shmdt(addr);`) is the call the lab's README teaches.

Comments are removed in the ways a copied body could be dressed: C comments,
`#` comments (shell, Python, make), none; in Markdown each fenced code block
and in HTML each <pre> block is also searched on its own, so that prose
around it cannot hide it. PDF files are not searched: their text is
compressed (the slides' PDF is built from slides/lecture.md, which is).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

MIN_BODY = 40
WHITESPACE = re.compile(r"\s+")
FENCED = re.compile(r"^ *(```|~~~)[^\n]*\n(.*?)^ *\1", re.M | re.S)
PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre>", re.S | re.I)
TAG = re.compile(r"<[^>]*>")
HASH_COMMENT = re.compile(r"(^|\s)#[^\n]*")
IDENTIFIER = re.compile(r"[A-Za-z_]\w*\Z")
LITERAL = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')


@dataclass(frozen=True)
class Needle:
    """Text no handout file may contain: what it is, its squeezed text."""
    what: str
    text: str


def squeeze(text: str) -> str:
    """The text without any whitespace."""
    return WHITESPACE.sub("", text)


def strip_c_comments(text: str) -> str:
    """The text with C comments (/* */ and //) replaced by a space. String
    and character literals are kept whole; they end at the end of a line, so
    that an apostrophe in prose cannot swallow the rest of a file."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            out.append(" ")
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] not in (c, "\n"):
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip_hash_comments(text: str) -> str:
    """The text without `#` comments: from a `#` at a line's start or after
    whitespace to the end of its line (shell, Python, make)."""
    return HASH_COMMENT.sub(r"\1", text)


def _matching_open(text: str, close: int) -> int:
    """The index of the `(` that the `)` at close closes, or -1."""
    depth = 0
    for i in range(close, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return -1


def function_bodies(source: str) -> list[tuple[str, str]]:
    """(name, body) of every function defined at the top level of C source:
    a `{` at brace depth 0 right after a `)`. The body is the text between
    the definition's braces, comments removed."""
    code = strip_c_comments(source)
    # Braces inside string and character literals do not count.
    masked = LITERAL.sub(lambda m: m.group(0)[0] + "_" * (len(m.group(0)) - 2) + m.group(0)[-1], code)
    bodies: list[tuple[str, str]] = []
    depth, start, name = 0, 0, ""
    for i, c in enumerate(masked):
        if c == "{":
            if depth == 0:
                before = code[:i].rstrip()
                opening = _matching_open(before, len(before) - 1) if before.endswith(")") else -1
                found = IDENTIFIER.search(before[:opening].rstrip()) if opening > 0 else None
                name, start = (found.group(0) if found else ""), i + 1
            depth += 1
        elif c == "}" and depth > 0:
            depth -= 1
            if depth == 0 and name:
                bodies.append((name, code[start:i]))
                name = ""
    return bodies


def reference_needles(kit: Path) -> tuple[list[Needle], list[Needle]]:
    """(needles, too short to look for): every function body of
    solutions/*/*.c, and every whole tests/wrong/*/*.c file."""
    needles: list[Needle] = []
    short: list[Needle] = []
    for path in sorted(kit.glob("solutions/*/*.c")):
        for name, body in function_bodies(path.read_text()):
            needle = Needle(f"the body of {name} from {path.relative_to(kit)}", squeeze(body))
            (needles if len(needle.text) >= MIN_BODY else short).append(needle)
    for path in sorted(kit.glob("tests/wrong/*/*.c")):
        needles.append(Needle(f"the whole of {path.relative_to(kit)}",
                              squeeze(strip_c_comments(path.read_text()))))
    return needles, short


def summary(needles: list[Needle], short: list[Needle]) -> str:
    """One line: how many texts are looked for, and which bodies are not."""
    return (f"looking for {len(needles)} texts of solutions/ and tests/wrong/; not for these bodies under "
            f"{MIN_BODY} characters: " + ", ".join(n.what.removeprefix("the body of ") for n in short))


def searchable_texts(path: Path) -> list[str]:
    """The squeezed forms of a file in which a copied body would show."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    blocks = [text]
    if path.suffix == ".md":
        blocks += [m.group(2) for m in FENCED.finditer(text)]
    if path.suffix in (".html", ".htm"):
        blocks += [html.unescape(TAG.sub("", m.group(1))) for m in PRE.finditer(text)]
        blocks.append(html.unescape(TAG.sub("", text)))
    forms = set()
    for block in blocks:
        forms.update({squeeze(block), squeeze(strip_c_comments(block)), squeeze(strip_hash_comments(block))})
    return sorted(forms)


def find_leaks(tree: Path, kit: Path, needles: list[Needle] | None = None) -> list[str]:
    """One line per leak in the handout tree: `FILE contains the body of
    FUNCTION from solutions/...` (FILE relative to tree). needles default to
    reference_needles(kit)[0]."""
    if needles is None:
        needles = reference_needles(kit)[0]
    found: list[str] = []
    for path in sorted(p for p in tree.rglob("*") if p.is_file() and p.suffix != ".pdf"):
        texts = searchable_texts(path)
        for needle in needles:
            if any(needle.text in text for text in texts):
                found.append(f"{path.relative_to(tree)} contains {needle.what}")
    return found
