"""The live line: on a terminal, while a lab's tests run, one line naming
a test that has waited on a call for over a second ("1.9 waiting for
seg_create (limit 3 s)"), so that a hang is never silent. The judge
announces such waits on its results descriptor (harness/results.c,
`{"event": "waiting", ...}`); this module follows that file as it grows."""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from typing import Iterator, TextIO

from . import calllog

POLL_S = 0.2


class LiveLine:
    """One line at the bottom of a terminal, shared by the labs graded at
    once; nothing at all when the stream is not a terminal."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.lock = threading.Lock()
        self.waiting: dict[str, str] = {}     # test number: what it waits for

    def _draw(self) -> None:
        """Redraws the line: the newest wait, or nothing."""
        text = list(self.waiting.values())[-1] if self.waiting else ""
        self.stream.write("\r\033[K" + text)
        self.stream.flush()

    def wait_began(self, test: str, call: str, limit_ms: int) -> None:
        if self.enabled:
            with self.lock:
                self.waiting[test] = f"{test} waiting for {call} (limit {limit_ms / 1000:g} s)"
                self._draw()

    def test_ended(self, test: str) -> None:
        if self.enabled:
            with self.lock:
                if self.waiting.pop(test, None) is not None:
                    self._draw()


LIVE: LiveLine | None = None      # set by the command line for one submission on a terminal


def _follow(fd: int, line: LiveLine, stop: threading.Event) -> None:
    """Reads the results file behind fd as it grows, until stop is set,
    and tells line of each wait that begins and each test that ends."""
    offset, pending = 0, b""
    while True:
        stopping = stop.wait(POLL_S)
        chunk = os.pread(fd, 1 << 16, offset)
        offset += len(chunk)
        *lines, pending = (pending + chunk).split(b"\n")
        for raw in lines:
            record = calllog.parse_line(raw.decode("utf-8", "replace"))
            if record is None:
                continue
            if record.get("event") == "waiting":
                line.wait_began(str(record.get("test", "")), str(record.get("call", "")),
                                int(record.get("limit_ms", 0)))
            elif "number" in record:
                line.test_ended(str(record["number"]))
        if stopping:
            return


@contextmanager
def following(fd: int, tests: list[str]) -> Iterator[None]:
    """While the block runs, the live line follows the results file behind
    fd (when there is a live line); after it, none of `tests` is shown."""
    line = LIVE
    if line is None or not line.enabled:
        yield
        return
    stop = threading.Event()
    follower = threading.Thread(target=_follow, args=(fd, line, stop), daemon=True)
    follower.start()
    try:
        yield
    finally:
        stop.set()
        follower.join()
        for test in tests:
            line.test_ended(test)
