#!/usr/bin/env python3
"""Runs commands the way Gradescope and PrairieLearn run an autograder: as
root in a Docker container with Docker's default seccomp profile and
capabilities, no network, some folders mounted. When Docker cannot be had,
in an emulation of such a container (see EmulatedRunner).

    python3 tests/container/runners.py [--emulate] [-v HOST:PATH[:ro]]... -- COMMAND [ARG]...

runs one command so, prints its output and exits with its status.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Protocol

from docker_image import KIT, DockerDaemon, DockerUnavailable, build_image

# Docker's default capability set (moby's oci/caps/defaults.go): setpriv's
# names, and their numbers in <linux/capability.h>.
DOCKER_CAPABILITIES = {"chown": 0, "dac_override": 1, "fowner": 3, "fsetid": 4, "kill": 5, "setgid": 6,
                       "setuid": 7, "setpcap": 8, "net_bind_service": 10, "net_raw": 13, "sys_chroot": 18,
                       "mknod": 27, "audit_write": 29, "setfcap": 31}
DOCKER_CAPABILITY_MASK = sum(1 << number for number in DOCKER_CAPABILITIES.values())
CONTAINER_PREFIX = f"shmlabs-test-{os.getpid()}-"
EMULATION_SCRIPT = Path(__file__).resolve().parent / "emulated-container.sh"
FILTER = KIT / "build" / "container" / "no-namespaces"
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class Mount:
    """A host folder seen at INSIDE in the container."""
    host: Path
    inside: str
    read_only: bool = False

    def spec(self) -> str:
        """HOST:INSIDE[:ro], as docker run -v and emulated-container.sh take it."""
        return f"{self.host}:{self.inside}{':ro' if self.read_only else ''}"


@dataclass(frozen=True)
class Outcome:
    """How one command went: exit status (None: killed at its time limit),
    stdout and stderr together, seconds taken."""
    status: int | None
    output: str
    seconds: float


class Runner(Protocol):
    """Runs shell scripts in a fresh container, each on its own."""
    kind: str        # "docker" or "emulation"

    def run(self, script: str, mounts: list[Mount], timeout: float) -> Outcome:
        """Runs `sh -c SCRIPT` as root in a new container with MOUNTS; the
        container and every process in it are gone when it returns."""
        ...


def run_bounded(command: list[str], timeout: float, on_timeout: list[str] | None = None) -> Outcome:
    """Runs COMMAND in a session of its own; at TIMEOUT (or Ctrl-C) kills the
    session and runs ON_TIMEOUT (which must end what COMMAND started)."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        return Outcome(process.returncode, output, time.monotonic() - start)
    except (subprocess.TimeoutExpired, KeyboardInterrupt) as stop:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        if on_timeout:
            subprocess.run(on_timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        if isinstance(stop, KeyboardInterrupt):
            raise
        return Outcome(None, output + f"\n(killed after {timeout:g} s)", time.monotonic() - start)


class DockerRunner:
    """docker run --rm --network none, Docker's defaults otherwise (seccomp
    profile, capabilities, root), a unique name, and removal on every path."""
    kind = "docker"

    def __init__(self, image: str) -> None:
        self.image = image
        self.names = (f"{CONTAINER_PREFIX}{n}" for n in itertools.count(1))

    def run(self, script: str, mounts: list[Mount], timeout: float) -> Outcome:
        name = next(self.names)
        volumes = [arg for mount in mounts for arg in ("-v", mount.spec())]
        command = ["docker", "run", "--rm", "--network", "none", "--name", name, *volumes,
                   self.image, "sh", "-c", script]
        try:
            return run_bounded(command, timeout, on_timeout=["docker", "rm", "-f", name])
        finally:
            subprocess.run(["docker", "rm", "-f", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class EmulatedRunner:
    """A container made of namespaces of our own, as Docker makes one: private
    mount, PID, IPC and network namespaces (nothing can touch the host's IPC
    objects), a root of read-only host system folders and fresh /tmp, /run,
    /dev and /proc (the kit's checkout is not in it), the mounts, then as
    root: Docker's capability set (bounding, permitted and effective; nothing
    inheritable or ambient), no_new_privs, and no-namespaces' seccomp filter."""
    kind = "emulation"

    def __init__(self, scratch: Path) -> None:
        if not FILTER.exists():
            raise DockerUnavailable(f"{FILTER} is not built (make -C tests/container)")
        self.scratch = scratch
        self.roots = (scratch / f"root-{n}" for n in itertools.count(1))

    def run(self, script: str, mounts: list[Mount], timeout: float) -> Outcome:
        root = next(self.roots)
        root.mkdir()
        caps = ",".join(["-all", *(f"+{cap}" for cap in DOCKER_CAPABILITIES)])
        command = ["unshare", "--mount", "--pid", "--ipc", "--net", "--uts", "--fork", "--kill-child",
                   "sh", str(EMULATION_SCRIPT), str(root), str(FILTER), *(m.spec() for m in mounts), "--",
                   "setpriv", f"--bounding-set={caps}", "--inh-caps=-all", "--ambient-caps=-all",
                   "--no-new-privs", "/run/no-namespaces", "env", "-i", f"PATH={PATH}", "HOME=/root",
                   "sh", "-c", script]
        try:
            return run_bounded(command, timeout)
        finally:
            root.rmdir()


@contextmanager
def open_runner(scratch: Path, emulate: bool = False, say: Callable[[str], None] = print) -> Iterator[Runner]:
    """The best runner this machine allows: Docker with the test image (the
    daemon started and stopped here if need be), else the emulation, with one
    line saying why. EMULATE asks for the emulation."""
    if emulate:
        say("container: emulated, as asked")
        yield EmulatedRunner(scratch)
        return
    try:
        daemon = DockerDaemon(scratch / "dockerd.log").__enter__()
    except DockerUnavailable as why:
        say(f"container: emulated, because Docker cannot be had here: {why}")
        yield EmulatedRunner(scratch)
        return
    try:
        image = build_image(say)
    except DockerUnavailable as why:
        daemon.stop()
        say(f"container: emulated, because the test image cannot be built: {why}")
        yield EmulatedRunner(scratch)
        return
    try:
        yield DockerRunner(image)
    finally:
        daemon.stop()


def our_containers() -> list[str]:
    """Containers of this process that still exist (there must be none)."""
    if shutil.which("docker") is None:
        return []
    listed = subprocess.run(["docker", "ps", "-a", "--format", "{{.Names}}", "--filter",
                             f"name={CONTAINER_PREFIX}"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    return [name for name in listed.stdout.split() if name.startswith(CONTAINER_PREFIX)]


def parse_mount(text: str) -> Mount:
    """HOST:PATH[:ro] as a Mount; argparse reports a ValueError."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[1].startswith("/") or parts[2:] not in ([], ["ro"]):
        raise ValueError(text)
    return Mount(Path(parts[0]).resolve(), parts[1], parts[2:] == ["ro"])


def main(argv: list[str]) -> int:
    """The command line: runs one command in a container, prints its output."""
    parser = argparse.ArgumentParser(description="Runs COMMAND as root in a container with Docker's defaults "
                                     "and no network, or in its emulation when Docker cannot be had.")
    parser.add_argument("--emulate", action="store_true", help="use the emulation even if Docker is there")
    parser.add_argument("-v", dest="mounts", action="append", default=[], type=parse_mount,
                        metavar="HOST:PATH[:ro]", help="mount a host folder (repeatable)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before the container is killed")
    parser.add_argument("command", nargs="+", help="the command and its arguments")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="shmlabs-container.") as scratch:
        with open_runner(Path(scratch), options.emulate, say=lambda line: print(line, file=sys.stderr)) as runner:
            outcome = runner.run(shlex.join(options.command), options.mounts, options.timeout)
    print(outcome.output, end="")
    return 124 if outcome.status is None else outcome.status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
