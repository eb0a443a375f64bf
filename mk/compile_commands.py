#!/usr/bin/env python3
"""mk/compile_commands.py: writes compile_commands.json at the kit's root,
the compilation database that clangd and other editors read, with the
kit's exact commands and flags, so that an editor shows the warnings that
the grader shows. Made by `make kit` and `make grade`; it asks each lab's
Makefile what it would run (`make -n -B`), so it can never drift from it.
"""

import json
import shlex
import subprocess
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent


def compile_commands(lab: Path) -> list[dict[str, object]]:
    """The compile steps that building lab's programs and tests takes: each
    C source on a compiler's command line (-c, or compiled and linked in one
    step, as the judge is)."""
    done = subprocess.run(["make", "-n", "-B", "-s", "-C", str(lab), "kit", "subject", "programs"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    entries = []
    for line in done.stdout.splitlines():
        words = shlex.split(line)
        sources = [w for w in words[1:] if w.endswith(".c")]
        if words and "-o" in words and sources:
            for source in sources:
                entries.append({"directory": str(lab), "arguments": words, "file": source})
    return entries


def main() -> int:
    seen: set[str] = set()
    database = []
    for lab in sorted((KIT / "labs").glob("[0-9][0-9]-*/Makefile")):
        for entry in compile_commands(lab.parent):
            path = str((lab.parent / str(entry["file"])).resolve())
            if path not in seen:
                seen.add(path)
                database.append(entry)
    out = KIT / "compile_commands.json"
    temp = out.with_suffix(".json.tmp")
    temp.write_text(json.dumps(database, indent=1) + "\n")
    temp.replace(out)
    return 0 if database else 1


if __name__ == "__main__":
    sys.exit(main())
