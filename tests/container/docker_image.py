"""A Docker daemon to talk to, and the kit's local Debian 12 test image.

No image registry is ever used: the image is made with debootstrap from the
machine's own apt mirror, the grader's packages are installed into it with
apt-get in a chroot, and the tree is given to `docker import`. One image is
kept, under a fixed name, labelled with a hash of what went into it, and is
rebuilt only when that changes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Callable

HERE = Path(__file__).resolve().parent
KIT = HERE.parent.parent
IMAGE = "shm-labs-test:bookworm"
SUITE = "bookworm"
RECIPE_VERSION = "1"          # change it when build_image() changes what goes in
RECIPE_LABEL = "shm-labs.recipe"
APT_SECONDS_LABEL = "shm-labs.apt-seconds"
DAEMON_START_SECONDS = 60
APT_OPTIONS = ["-o", "Acquire::Check-Valid-Until=false", "-o", "Dpkg::Use-Pty=0"]


class DockerUnavailable(Exception):
    """Docker cannot be had here; the message says why, in one line."""


def run(command: list[str], timeout: float = 600, env: dict[str, str] | None = None,
        stdin: IO[bytes] | None = None) -> subprocess.CompletedProcess[str]:
    """Runs a command, output captured as text; raises DockerUnavailable when
    it cannot be started, fails or outlives its timeout."""
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=timeout, env=env, stdin=stdin)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise DockerUnavailable(f"{command[0]}: {e}") from e
    if done.returncode != 0:
        last = done.stdout.strip().splitlines()[-1:] or ["no output"]
        raise DockerUnavailable(f"{' '.join(command[:3])} failed ({done.returncode}): {last[0]}")
    return done


def daemon_answers() -> bool:
    """True when `docker info` reaches a daemon."""
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          timeout=30).returncode == 0


class DockerDaemon:
    """A context: a daemon that answers within it. One already running is
    used as it is; otherwise dockerd is started (no bridge, no iptables rules:
    the test's containers have no network) with its log in LOG, and stopped
    on exit. Raises DockerUnavailable when there is no docker or dockerd does
    not answer within DAEMON_START_SECONDS."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> DockerDaemon:
        if daemon_answers():
            return self
        if shutil.which("dockerd") is None or shutil.which("docker") is None:
            raise DockerUnavailable("docker is not installed (Debian's docker.io)")
        if os.geteuid() != 0:
            raise DockerUnavailable("no Docker daemon answers, and only root may start one")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(["dockerd", "--bridge=none", "--iptables=false", "--ip6tables=false"],
                                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        deadline = time.monotonic() + DAEMON_START_SECONDS
        while not daemon_answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise DockerUnavailable(f"dockerd did not start (its log: {self.log})")
            time.sleep(0.5)
        return self

    def stop(self) -> None:
        """Stops the daemon if this context started it, and waits for it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


def package_names(kit: Path = KIT) -> list[str]:
    """What the image holds beyond Debian's minimal base: the grader's
    packages (their one list, through mk/deps.sh) and this test's own."""
    grade = run(["sh", str(kit / "mk" / "deps.sh"), "list", "grade"]).stdout.split()
    extra = (HERE / "image-packages.txt").read_text()
    ours = [word for line in extra.splitlines() for word in line.split("#", 1)[0].split()]
    return sorted(set(grade) | set(ours))


def recipe_hash(packages: list[str]) -> str:
    """A short hash of everything that decides the image's content."""
    recipe = "\n".join([RECIPE_VERSION, SUITE, "minbase", *packages])
    return hashlib.sha256(recipe.encode()).hexdigest()[:16]


def apt_mirror() -> str:
    """The Debian mirror of this machine's apt sources (deb822 .sources files
    first, then sources.list); raises DockerUnavailable when there is none."""
    found: list[str] = []
    for sources in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
        for stanza in sources.read_text().split("\n\n"):
            fields = dict(re.findall(r"^([A-Za-z-]+):\s*(.*)$", stanza, re.MULTILINE))
            if SUITE in fields.get("Suites", "").split():
                found += fields.get("URIs", "").split()
    legacy = Path("/etc/apt/sources.list")
    if legacy.exists():
        found += re.findall(rf"^deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+{SUITE}\s", legacy.read_text(), re.MULTILINE)
    for uri in found:
        if uri.startswith(("http://", "https://")):
            return uri
    raise DockerUnavailable(f"no {SUITE} mirror in this machine's apt sources")


def image_label(label: str) -> str | None:
    """A label of IMAGE, or None when there is no such image (or label)."""
    done = subprocess.run(["docker", "image", "inspect", "-f", f'{{{{index .Config.Labels "{label}"}}}}', IMAGE],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=60)
    value = done.stdout.strip()
    return value if done.returncode == 0 and value not in ("", "<no value>") else None


def install_packages(root: Path, packages: list[str]) -> float:
    """apt-get installs PACKAGES in the chroot ROOT (name resolution borrowed
    from the host for the time being); returns the seconds it took."""
    for name in ("hosts", "resolv.conf"):
        if Path("/etc", name).exists():
            shutil.copyfile(Path("/etc", name), root / "etc" / name)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    start = time.monotonic()
    run(["chroot", str(root), "apt-get", "-qq", *APT_OPTIONS, "update"], env=env)
    run(["chroot", str(root), "apt-get", "install", "-y", "-qq", "--no-install-recommends", *APT_OPTIONS, *packages],
        env=env)
    seconds = time.monotonic() - start
    run(["chroot", str(root), "apt-get", "clean"], env=env)
    shutil.rmtree(root / "var" / "lib" / "apt" / "lists", ignore_errors=True)
    (root / "etc" / "hosts").write_text("127.0.0.1 localhost\n")
    (root / "etc" / "resolv.conf").unlink(missing_ok=True)
    return seconds


def build_image(say: Callable[[str], None] = print) -> str:
    """Makes sure IMAGE exists and holds what package_names() lists,
    building it when it is missing or out of date (and removing the image it
    replaces). Says in one line what it did and, when it built, how long each
    step took. Returns the image's name; raises DockerUnavailable."""
    packages = package_names()
    wanted = recipe_hash(packages)
    if image_label(RECIPE_LABEL) == wanted:
        say(f"image {IMAGE} reused (recipe {wanted} unchanged; its apt-get step took "
            f"{image_label(APT_SECONDS_LABEL)} s when it was built)")
        return IMAGE
    old = subprocess.run(["docker", "image", "inspect", "-f", "{{.Id}}", IMAGE], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout.strip()
    mirror = apt_mirror()
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="shmlabs-image.", dir="/var/tmp") as scratch:
        root = Path(scratch) / "root"
        run(["debootstrap", "--variant=minbase", SUITE, str(root), mirror], timeout=1200)
        bootstrapped = time.monotonic() - start
        apt_seconds = install_packages(root, packages)
        tar = subprocess.Popen(["tar", "-C", str(root), "-c", "."], stdout=subprocess.PIPE)
        run(["docker", "import", "-c", f"LABEL {RECIPE_LABEL}={wanted}",
             "-c", f"LABEL {APT_SECONDS_LABEL}={apt_seconds:.1f}", "-", IMAGE], stdin=tar.stdout)
        assert tar.stdout is not None
        tar.stdout.close()
        if tar.wait() != 0:
            raise DockerUnavailable("tar of the image's tree failed")
    total = time.monotonic() - start
    if old:
        subprocess.run(["docker", "image", "rm", old], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    say(f"image {IMAGE} built in {total:.1f} s: debootstrap {bootstrapped:.1f} s, apt-get of "
        f"{len(packages)} packages {apt_seconds:.1f} s (about what setup.sh takes on a fresh image)")
    return IMAGE
