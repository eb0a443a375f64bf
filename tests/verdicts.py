"""What the kit's test scripts share: the corpus files' header lines, and
the tally of checks that ends each script with `N passed, N failed`."""

from __future__ import annotations

import re
from pathlib import Path

HEADER_LINE = re.compile(r"^\s*(?:/\*|\*)?\s*([a-z-]+):\s*(.*?)\s*$", re.MULTILINE)


def corpus_header(path: str | Path) -> list[tuple[str, str]]:
    """The `key: value` lines of a corpus file's first comment, in order
    (a key such as `expect:` may come more than once)."""
    head = Path(path).read_text(errors="replace")[:2000].split("*/", 1)[0]
    return HEADER_LINE.findall(head)


class Tally:
    """Counts checks and prints each verdict on one line."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, ok: bool, name: str, detail: str = "") -> bool:
        """Records one check; returns ok."""
        if ok:
            self.passed += 1
            print(f"ok     {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAILED {name}{': ' + detail if detail else ''}", flush=True)
        return ok

    def summary(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"
