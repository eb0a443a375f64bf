"""The judge's call log: the events it writes on the results descriptor
beside the results (harness/results.c), one JSON object a line with an
"event" key. A "call" event is one call a test made, in a subject
(subject >= 1) or in the test process itself (subject 0: a fixture, such as
the segment a test makes before calling the student's function). Events of
other kinds are kept as they came, for whoever knows them.

This module owns reading those lines and writing a call for people:
`--verbose` prints str(event) for each call, and grader/repro turns the
calls of one test into a C program (repro.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Sequence

ERRNO_UNSET = "0"


def split_args(source: str) -> list[str]:
    """The arguments of a call as C source text, split at the commas that
    are not inside brackets or quotes: "f(a, b), 'x', 0600" -> ["f(a, b)",
    "'x'", "0600"]; [] for ""."""
    args: list[str] = []
    depth, quote, start = 0, "", 0
    for i, c in enumerate(source):
        if quote:
            if c == quote and source[i - 1] != "\\":
                quote = ""
        elif c in "\"'":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            args.append(source[start:i].strip())
            start = i + 1
    last = source[start:].strip()
    return args + [last] if last or args else args


def is_octal_literal(text: str) -> bool:
    """True for a C octal literal such as 0600 (not 0, not 0x10)."""
    return len(text) > 1 and text[0] == "0" and all(c in "01234567" for c in text[1:])


def wants_octal(source: str) -> bool:
    """True when an argument's source text is an octal literal (0600) or a
    variable named as permission bits or flags are (mode, perms, flags)."""
    name = source.rsplit(" ", 1)[-1].rsplit(".", 1)[-1].lower()
    return is_octal_literal(source) or name.endswith(("mode", "perms", "flags"))


def show_value(value: int, source: str = "") -> str:
    """A value as a person reads it: octal when the test wrote it in octal
    or names it as permission bits (wants_octal), small numbers in decimal,
    others in hex (keys, addresses)."""
    if value >= 0 and wants_octal(source):
        return f"0{value:o}"
    if -4096 < value < 4096:
        return str(value)
    return f"-{-value:#x}" if value < 0 else f"{value:#x}"


ARG_USE = re.compile(r"\b(ARG_PTR|ARG)\((\d)\)")


def fill(expression: str, values: Sequence[int]) -> str:
    """A fixture's C with its values written in for ARG(i) and ARG_PTR(i):
    "shmget((key_t) ARG(0), ..." -> "shmget((key_t) 0x4c000002, ..."."""
    def value(m: re.Match[str]) -> str:
        i = int(m.group(2))
        return show_value(values[i]) if i < len(values) else m.group(0)
    return ARG_USE.sub(value, expression)


@dataclass(frozen=True)
class CallEvent:
    """One call a test made, and what came of it."""
    test: str              # "1.9"
    order: int             # when it started, on the test's count of calls started and ended
    ended: int             # when it ended, on the same count
    subject: int           # 0: the test process itself; 1, 2 ...: its subjects
    op: int                # a subject's operation: > 0 the lab's call list's, < 0 rpc.h's common ones
    call: str              # "seg_create", "OP_POKE" (rpc.h), "shmget"
    expression: str        # a fixture's C, ARG(i) standing for values[i]; "" for subjects
    source: str            # a subject call's arguments as the test's source writes them
    values: tuple[int, ...]
    data: bytes            # the request's buffer (REQ_DATA)
    data_file: bool        # data is the path of a file that existed at the call
    returned: bool
    ret: int
    errno: str             # "EEXIST"; "0" when errno was 0
    how: str               # when it did not return: what happened instead

    @property
    def args(self) -> list[str]:
        """The source text of each argument the test passed ([] for fixtures)."""
        return split_args(self.source)

    def shown_values(self) -> list[str]:
        """The values of the arguments the test passed, as people read them
        (without source text: all of them but trailing zeros)."""
        if not self.source:
            values = list(self.values)
            while values and values[-1] == 0:
                values.pop()
            return [show_value(v) for v in values]
        return [show_value(v, a) for v, a in zip(self.values, self.args)]

    def __str__(self) -> str:
        """The --verbose line: "[1.9] seg_create(key, 100, 0640) with
        (0x4c000001, 100, 0640) returned -1, errno EEXIST"."""
        if self.subject == 0:
            what = f"the test: {fill(self.expression, self.values)}"
        else:
            call = f"{self.call}({self.source})" if self.source else self.call
            what = f"{call} with ({', '.join(self.shown_values())})"
        if not self.returned:
            return f"[{self.test}] {what} did not return: {self.how}"
        errno = f", errno {self.errno}" if self.subject != 0 or self.ret == -1 else ""
        return f"[{self.test}] {what} returned {show_value(self.ret)}{errno}"


def parse_line(line: str) -> dict[str, Any] | None:
    """The JSON object on a line of the results file, or None when the line
    holds no object."""
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def is_event(obj: dict[str, Any]) -> bool:
    """True for an event line (it has an "event" key), False for a result."""
    return "event" in obj


def _call_event(obj: dict[str, Any]) -> CallEvent | None:
    """A "call" event's fields, or None when the object is not a well-formed one."""
    try:
        return CallEvent(
            test=str(obj["test"]), order=int(obj["order"]), ended=int(obj["ended"]),
            subject=int(obj["subject"]), op=int(obj["op"]),
            call=str(obj["call"]), expression=str(obj["expression"]), source=str(obj["source"]),
            values=tuple(int(v) for v in obj["values"]), data=bytes.fromhex(str(obj["data"])),
            data_file=obj["data_file"] is True, returned=obj["returned"] is True,
            ret=int(obj["ret"]), errno=str(obj["errno"]) or ERRNO_UNSET, how=str(obj["how"]))
    except (KeyError, TypeError, ValueError):
        return None


def calls(text: str, test: str | None = None) -> list[CallEvent]:
    """The call events in the results file's text, in the order they were
    written (each when its call ended), of every test or of `test` only.
    Lines of other kinds, and malformed ones, are skipped."""
    found = []
    for line in text.splitlines():
        obj = parse_line(line)
        if obj is None or obj.get("event") != "call":
            continue
        event = _call_event(obj)
        if event is not None and (test is None or event.test == test):
            found.append(event)
    return found
