"""The handout's link check: every relative link in its Markdown resolves to
a file or folder inside the handout.

Links are `[text](target)`, `![alt](target)` and `[label]: target`, outside
code blocks and code spans. Targets with a scheme (https:, mailto:) and
targets within the same page (#anchor) are not followed; an anchor or query
after a path is ignored: the path must exist.
"""

from __future__ import annotations

import re
from pathlib import Path

FENCED = re.compile(r"^ *(```|~~~).*?^ *\1[^\n]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+).*?\1", re.S)
INLINE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def link_targets(markdown: str) -> list[str]:
    """The link targets of a Markdown text, code left out, in order."""
    prose = CODE_SPAN.sub("", FENCED.sub("", markdown))
    return [m.group(1) for m in INLINE.finditer(prose)] + [m.group(1) for m in REFERENCE.finditer(prose)]


def built_figure(path: Path) -> bool:
    """True for a figure that `make slides` draws from the Graphviz source
    beside it (fig/NAME.svg from fig/NAME.dot)."""
    return path.suffix == ".svg" and path.with_suffix(".dot").is_file()


def broken_links(tree: Path) -> list[str]:
    """One line per relative link of a Markdown file in tree that does not
    resolve to an existing path inside tree: `FILE links to TARGET, ...`."""
    root = tree.resolve()
    broken: list[str] = []
    for page in sorted(tree.rglob("*.md")):
        for target in link_targets(page.read_text(errors="replace")):
            if SCHEME.match(target) or target.startswith("#"):
                continue
            path = re.split(r"[#?]", target, maxsplit=1)[0]
            resolved = (root / path.lstrip("/")) if path.startswith("/") else (page.parent.resolve() / path)
            resolved = resolved.resolve()
            where = page.relative_to(tree)
            if not resolved.is_relative_to(root):
                broken.append(f"{where} links to {target}, outside the handout")
            elif not resolved.exists() and not built_figure(resolved):
                broken.append(f"{where} links to {target}, which the handout does not hold")
    return broken
