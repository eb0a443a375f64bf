"""Sandboxes for untrusted work: compiling a student file and running the
tests against it, at the strongest isolation level the machine allows.

The levels (docs/grader.md, "Isolation"), strongest first:

- ``namespaces``: root with namespaces. bubblewrap (Debian's `bubblewrap`)
  gives each step a mount namespace that shows only /usr (read-only), the
  few kit files the step needs (read-only) and a private work directory,
  and new IPC, PID, network and UTS namespaces: no System V object, process
  or network is shared with the machine, and when the sandbox ends every
  process in it ends too.
- ``userns``: the same sandbox inside a user namespace, for a grader that is
  not root, or root without CAP_SYS_ADMIN (a container with user namespaces
  allowed). When we are root, the namespace maps the subjects' user ids too,
  so that student code still runs as a user of its own.
- ``container``: no namespace can be made (Docker's default seccomp profile
  refuses them): the container is the outer sandbox. Student code still
  runs as a user id of its own, without capabilities, within limits, in a
  private work directory; each test sees only its own System V objects
  (harness/ipcmap.h), and afterwards everything that user left (processes,
  IPC objects, files in the shared temporary directories) is removed. Only
  ever that user's: nothing else is touched.

Everywhere, student code runs with no capabilities, `no_new_privs`, and
limits on CPU time, memory, processes and file size (harness/spawn.c), and
the whole step has a wall-clock timeout.
"""

from __future__ import annotations

import enum
import glob
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Sequence

from .debuginfo import valgrind_debug_view
from .kit import KIT, GraderError, Lab

COMPILE_TIMEOUT_S = 20
RUN_TIMEOUT_S = 300
# Tests of one lab run at once: most of a lab's time is spent waiting on
# purpose (a pause that proves a call blocks, valgrind starting), not
# computing. At the container level each of them runs student code as a
# user of its own (subject_uid).
TEST_WORKERS = 4
MAX_JOBS = 64                # job slots: labs graded at once
UID_BASE = 2_000_000_000     # far above any account
UID_SPAN = 2_000_000_000     # subject ids are UID_BASE .. UID_BASE + UID_SPAN - 1
IDS_PER_GRADER = MAX_JOBS * TEST_WORKERS     # divides UID_SPAN: a grader's ids never wrap
COMPILE_LIMITS = {"cpu_s": 10, "memory": 1 << 30, "nproc": 256, "fsize": 64 << 20}
SHARED_TEMP_DIRS = ("/tmp", "/var/tmp", "/dev/shm", "/dev/mqueue")
VERBOSE = False              # --verbose: the judges log each call they make


class Level(enum.IntEnum):
    """Isolation levels, weakest first, so that they compare by strength."""
    CONTAINER = 1
    USERNS = 2
    NAMESPACES = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Level":
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"no isolation level {text!r}: the levels are "
                             + ", ".join(str(level) for level in cls)) from None


@dataclass(frozen=True)
class Mode:
    """How this machine lets us isolate student code."""
    level: Level
    root: bool
    userns_fd: int = -1      # USERNS: the namespace that maps the subjects' ids, if one was made
    why: str = ""            # why no stronger level could be had

    @property
    def other_user(self) -> bool:
        """Student code runs as a user id of its own, so the tests that need
        an owner other than the subject's (EPERM) can run: as root, or in a
        user namespace that maps our subordinate ids (/etc/subuid)."""
        return self.root or self.userns_fd != -1

    def uid_for(self, slot: int) -> int:
        """The user id of the student code of job slot `slot` (0 to
        MAX_JOBS - 1); at the container level, that of its first test
        worker, the others' following it (subject_uid)."""
        if self.root or self.userns_fd == -1:
            return subject_uid(slot)
        return UID_BASE + slot            # inside our namespace: its subordinate ids

    def describe(self) -> str:
        """One line for stderr: the level, and what it costs where it costs."""
        line = f"grader: isolation: {self.level}"
        if self.why:
            line += f" ({self.why})"
        if not self.other_user:
            line += ("; no second user for student code (not root, and no subordinate ids in "
                     "/etc/subuid with newuidmap from package uidmap), so the tests that need one "
                     "(EPERM) are not run: run as root (sudo make grade) for the full grade")
        return line


def _bwrap_works(argv: list[str], pass_fds: Sequence[int] = ()) -> tuple[bool, str]:
    probe = subprocess.run(argv + ["--", "/bin/true"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, pass_fds=pass_fds)
    lines = probe.stderr.strip().splitlines()
    return probe.returncode == 0, lines[-1] if lines else f"exit status {probe.returncode}"


def detect_mode(at_least: Level | None = None) -> Mode:
    """The strongest level this machine gives, or GraderError when it gives
    none, or none as strong as `at_least`."""
    root = os.geteuid() == 0
    why = ""
    if shutil.which("bwrap") is None:
        why = "bubblewrap is not installed"
    else:
        if root:
            ok, why = _bwrap_works(_bwrap_base(root=True, binds=[]))
            if ok:
                return _at_least(Mode(Level.NAMESPACES, True), at_least)
        userns = _make_userns()
        ok, userns_why = _bwrap_works(_bwrap_base(root=False, binds=[], userns_fd=userns),
                                      pass_fds=(userns,) if userns != -1 else ())
        if not ok and userns != -1:         # the mapped namespace would not do: a plain one?
            os.close(userns)
            userns = -1
            ok, userns_why = _bwrap_works(_bwrap_base(root=False, binds=[]))
        if ok:
            return _at_least(Mode(Level.USERNS, root, userns, why), at_least)
        why = userns_why if not why else why
    if not root:
        raise GraderError(f"cannot isolate student code here: no namespace can be made ({why}) "
                          "and the grader is not root; run it as root, or where user "
                          "namespaces are allowed")
    return _at_least(Mode(Level.CONTAINER, True, why=f"no namespace can be made: {why}"), at_least)


def _at_least(mode: Mode, wanted: Level | None) -> Mode:
    if wanted is not None and mode.level < wanted:
        raise GraderError(f"--isolation {wanted} asked for, but this machine gives only "
                          f"{mode.level} ({mode.why})")
    return mode


def _make_userns() -> int:
    """A user namespace that maps root (ourselves) and the subjects' user ids,
    held open by a descriptor; -1 when none can be made. bubblewrap then
    builds the sandbox inside it (--userns). As root the subjects' ids map to
    themselves; otherwise they are our subordinate ids (/etc/subuid and
    /etc/subgid, mapped by newuidmap and newgidmap, Debian's `uidmap`)."""
    maps = _id_maps()
    if maps is None:
        return -1
    holder = subprocess.Popen(["unshare", "--user", "--", "sleep", "60"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ours = os.readlink("/proc/self/ns/user")
        deadline = time.monotonic() + 2
        while os.readlink(f"/proc/{holder.pid}/ns/user") == ours:
            if holder.poll() is not None or time.monotonic() > deadline:
                return -1
            time.sleep(0.002)
        for name, ranges in maps.items():
            if os.geteuid() == 0:
                Path(f"/proc/{holder.pid}/{name}_map").write_text(
                    "".join(f"{inner} {outer} {count}\n" for inner, outer, count in ranges))
            else:
                tool = "newuidmap" if name == "uid" else "newgidmap"
                done = subprocess.run([tool, str(holder.pid)] + [str(n) for r in ranges for n in r],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                if done.returncode != 0:
                    return -1
        return os.open(f"/proc/{holder.pid}/ns/user", os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return -1
    finally:
        holder.kill()
        holder.wait()


def _id_maps() -> dict[str, list[tuple[int, int, int]]] | None:
    """The ranges (inside, outside, count) to map for uids and gids, or None
    when we cannot give student code an id of its own."""
    if os.geteuid() == 0:
        whole = [(0, 0, 1), (UID_BASE, UID_BASE, UID_SPAN)]
        return {"uid": whole, "gid": whole}
    if shutil.which("newuidmap") is None or shutil.which("newgidmap") is None:
        return None
    maps = {}
    for name, own, table in (("uid", os.getuid(), "/etc/subuid"), ("gid", os.getgid(), "/etc/subgid")):
        start = _subordinate_start(table, 64)
        if start is None:
            return None
        maps[name] = [(0, own, 1), (UID_BASE, start, 64)]
    return maps


def _subordinate_start(table: str, needed: int) -> int | None:
    """The first id of our first range in /etc/subuid (or subgid) that holds
    `needed` ids, or None."""
    import pwd
    names = {str(os.getuid()), pwd.getpwuid(os.getuid()).pw_name}
    try:
        lines = Path(table).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        parts = line.strip().split(":")
        if len(parts) == 3 and parts[0] in names and parts[1].isdigit() and parts[2].isdigit() \
                and int(parts[2]) >= needed:
            return int(parts[1])
    return None


def subject_uid(slot: int, grader_pid: int | None = None, worker: int = 0) -> int:
    """A user id for the student code of one running lab (and, at the
    container level, one of its test workers): unique to this grader
    process (or grader_pid, in our PID namespace), job slot and worker, so
    that limits on processes are per lab, and, through the PID namespace's
    identity, unique to this container among containers on one machine.
    Slots go from 0 to MAX_JOBS - 1, workers from 0 to TEST_WORKERS - 1;
    a slot's workers have consecutive ids, the judge's rule (judge.c)."""
    pid = os.getpid() if grader_pid is None else grader_pid
    namespace = os.stat("/proc/self/ns/pid").st_ino
    block = (namespace * 1_000_003 + pid) * IDS_PER_GRADER
    return UID_BASE + (block + slot * TEST_WORKERS + worker) % UID_SPAN


def _bwrap_base(root: bool, binds: Sequence[tuple[str, str, bool]], userns_fd: int = -1) -> list[str]:
    args = ["bwrap", "--die-with-parent", "--new-session",
            "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
            "--unshare-cgroup-try", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--proc", "/proc", "--dev", "/dev",
            "--size", str(64 << 20), "--perms", "1777", "--tmpfs", "/tmp",
            "--clearenv", "--setenv", "PATH", "/usr/bin:/bin",
            "--setenv", "LC_ALL", "C", "--setenv", "TMPDIR", "/tmp", "--setenv", "HOME", "/tmp"]
    if os.path.isdir("/etc/alternatives"):      # cc -> /etc/alternatives/cc -> gcc
        binds = [("/etc/alternatives", "/etc/alternatives", False)] + list(binds)
    if userns_fd != -1:
        args += ["--userns", str(userns_fd), "--uid", "0", "--gid", "0", "--cap-add", "ALL"]
    elif not root:
        args += ["--unshare-user", "--uid", "0", "--gid", "0", "--cap-add", "ALL"]
    made: set[str] = set()
    for source, target, writable in binds:
        # bwrap would make missing parents 0700; student code must pass them
        parent = os.path.dirname(target)
        ancestors: list[str] = []
        while parent not in ("/", "") and parent not in made:
            ancestors.insert(0, parent)
            made.add(parent)
            parent = os.path.dirname(parent)
        for directory in ancestors:
            args += ["--perms", "0755", "--dir", directory]
        args += ["--bind" if writable else "--ro-bind", source, target]
    return args


def _bwrap(mode: Mode, binds: Sequence[tuple[str, str, bool]]) -> list[str]:
    return _bwrap_base(mode.root and mode.level == Level.NAMESPACES, binds, mode.userns_fd)


def _prlimit(cpu_s: int, memory: int, nproc: int, fsize: int) -> list[str]:
    return ["prlimit", f"--cpu={cpu_s}", f"--as={memory}", f"--nproc={nproc}",
            f"--fsize={fsize}", "--core=0", "--nofile=1024", "--"]


def _as_user(uid: int) -> list[str]:
    """Runs the rest of a command line as uid, with no groups and no way back."""
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--inh-caps=-all", "--no-new-privs", "--"]


def _clean_env(temp: str) -> list[str]:
    return ["env", "-i", "PATH=/usr/bin:/bin", "LC_ALL=C", f"TMPDIR={temp}", f"HOME={temp}"]


@dataclass
class Finished:
    """How a sandboxed command ended."""
    returncode: int
    output: str
    timed_out: bool
    seconds: float


_live: set[subprocess.Popen[bytes]] = set()    # every sandbox running now
_live_lock = threading.Lock()
_stopping = threading.Event()


def stop_all() -> None:
    """Ends every sandbox at once (Ctrl-C): kills their process groups, and
    any step that would start later returns at once as killed. Each step
    then cleans up after itself as it returns."""
    _stopping.set()
    with _live_lock:
        running = list(_live)
    for proc in running:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass


def _run(argv: list[str], timeout: float, pass_fds: Sequence[int] = (), output_limit: int = 256 * 1024,
         cwd: str | None = None) -> Finished:
    """Runs argv in a new session; on timeout kills the whole group (which
    ends a bwrap sandbox: bwrap dies, and with it its PID namespace)."""
    start = time.monotonic()
    with open(os.devnull, "rb") as devnull, tempfile.TemporaryFile() as out:
        with _live_lock:
            if _stopping.is_set():
                return Finished(-signal.SIGKILL, "[stopped]", True, 0.0)
            proc = subprocess.Popen(argv, stdin=devnull, stdout=out, stderr=subprocess.STDOUT,
                                    pass_fds=pass_fds, start_new_session=True, cwd=cwd)
            _live.add(proc)
        try:
            proc.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        finally:
            with _live_lock:
                _live.discard(proc)
        out.seek(0)
        data = out.read(output_limit + 1)
    text = data[:output_limit].decode("utf-8", "replace")
    if len(data) > output_limit:
        text += f"\n[... output cut at {output_limit} bytes]"
    return Finished(proc.returncode, text, timed_out, time.monotonic() - start)


def compile_lab(mode: Mode, lab: Lab, work: str, uid: int) -> Finished:
    """Builds the student's programs and subject in work/out from
    work/src/STUDENT, seeing (where namespaces allow) only the lab's own
    kit files, as the subjects' user."""
    out = os.path.join(work, "out")
    # The kit's objects were built before grading began (kit.build_kit): the
    # student's build never remakes them, even if the kit changed meanwhile.
    # Every object there is the kit's: student objects go to work/out.
    kit_objects = sorted(glob.glob(os.path.join(lab.build_dir, "*.o"))
                         + glob.glob(os.path.join(KIT, "build", "harness", "*.o")))
    # -j: the programs and the subject link side by side (72 -> 51 ms for
    # lab 01, hyperfine); --output-sync keeps each one's errors together.
    make = (["make", "-s", "-j4", "--output-sync=target", "-C", lab.directory, f"KIT={KIT}",
             "SRC=" + os.path.join(work, "src", lab.student), f"OUT={out}"]
            + [f"--old-file={path}" for path in kit_objects] + ["subject", "programs"])
    if mode.root:
        for path in (out, os.path.join(work, "src"), os.path.join(work, "tmp")):
            os.chown(path, uid, uid)      # work itself stays ours: see remove_files_of
        make = _as_user(uid) + make
    limits = _prlimit(**COMPILE_LIMITS)
    if mode.level == Level.CONTAINER:
        try:
            return _run(limits + _clean_env(os.path.join(work, "tmp")) + make, COMPILE_TIMEOUT_S, cwd=work)
        finally:
            clean_up_user(uid)
    binds = [(os.path.join(KIT, "mk"), os.path.join(KIT, "mk"), False),
             (os.path.join(KIT, "harness"), os.path.join(KIT, "harness"), False),
             (lab.directory, lab.directory, False),
             (lab.build_dir, lab.build_dir, False),
             (os.path.join(KIT, "build", "harness"), os.path.join(KIT, "build", "harness"), False),
             (work, work, True)]
    return _run(limits + _bwrap(mode, binds) + ["--chdir", work, "--"] + make,
                COMPILE_TIMEOUT_S, pass_fds=_userns_fds(mode))


def _userns_fds(mode: Mode) -> tuple[int, ...]:
    return (mode.userns_fd,) if mode.userns_fd != -1 else ()


def judge_temp_dir(mode: Mode, work: str) -> str:
    """Where the tests' files are, as the judge sees the folder that it
    knows as /tmp inside a sandbox."""
    return os.path.join(work, "judge") if mode.level == Level.CONTAINER else "/tmp"


def run_judge(mode: Mode, lab: Lab, work: str, uid: int, results_fd: int,
              only: Sequence[str] = (), judge: str | None = None) -> Finished:
    """Runs the lab's tests (kit code; those numbered in `only`, else all)
    against the subject built in work/out: those of `judge`, by default the
    lab's public judge (the hidden tests: lab.hidden_judge). The results,
    one JSON line a test, go to results_fd, which nothing but the test
    runner can reach.
    May run several times on one work folder."""
    judge = judge or lab.judge
    out = os.path.join(work, "out")
    judge_args = ["--run", out, "--results", str(results_fd), "--workers", str(TEST_WORKERS)]
    for number in only:
        judge_args += ["--only", number]
    subject_ids = str(uid if mode.other_user else 0)
    if mode.level == Level.CONTAINER:
        private = os.path.join(work, "private")          # root's alone: the ledger
        judge_tmp = judge_temp_dir(mode, work)            # the tests' scratch, 0755
        os.makedirs(private, mode=0o700, exist_ok=True)
        os.makedirs(judge_tmp, mode=0o755, exist_ok=True)
        ledger = os.path.join(private, "ledger")
        # worker w runs student code as uid + w and notes in ledger.w (judge.c)
        env = _clean_env(judge_tmp) + (["SHMLABS_VERBOSE=1"] if VERBOSE else []) + [
            "SHMLABS_ISOLATION=container", f"SHMLABS_SUBJECT_UID={uid}", f"SHMLABS_SUBJECT_GID={uid}",
            f"SHMLABS_SUBJECT_IDS={TEST_WORKERS}", f"SHMLABS_LEDGER={ledger}"]
        try:
            return _run(env + [judge] + judge_args,
                        RUN_TIMEOUT_S, pass_fds=(results_fd,), output_limit=64 * 1024, cwd=judge_tmp)
        finally:
            for worker in range(TEST_WORKERS):
                clean_up_user(uid + worker, f"{ledger}.{worker}")
    binds = [(judge, "/judge", False), (out, out, False)]
    argv = (_bwrap(mode, binds) + list(valgrind_debug_view(judge))
            + ["--setenv", "SHMLABS_SUBJECT_UID", subject_ids, "--setenv", "SHMLABS_SUBJECT_GID", subject_ids,
               "--setenv", "SHMLABS_ISOLATION", str(mode.level)]
            + (["--setenv", "SHMLABS_VERBOSE", "1"] if VERBOSE else []) + [
               "--chdir", "/tmp", "--", "/judge"] + judge_args)
    return _run(argv, RUN_TIMEOUT_S, pass_fds=(results_fd,) + _userns_fds(mode), output_limit=64 * 1024)


def readable_by_others(path: Path) -> bool:
    """True when a user with no rights of its own can list `path`."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISDIR(mode) and bool(mode & stat.S_IROTH) and bool(mode & stat.S_IXOTH)


# --- the container level's clean-up: everything of one user id, and only that

def processes_of(uids: Collection[int]) -> list[int]:
    """The processes whose real user id is one of uids (from
    /proc/PID/status, which a process cannot hide by making itself
    non-dumpable)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("Uid:"):
                if int(line.split()[1]) in uids:
                    found.append(int(entry))
                break
    return found


def kill_user(uid: int) -> None:
    """Kills every process of uid: as uid itself, kill(-1) reaches exactly
    the processes that user may signal, which are its own (student code has
    no capabilities), and none of anyone else's."""
    for _ in range(20):
        if not processes_of((uid,)):
            return
        subprocess.run(_as_user(uid) + ["/bin/sh", "-c", "kill -KILL -1"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.01)


def _sysvipc_rows(kind: str) -> list[list[str]]:
    try:
        lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
    except OSError:
        return []
    return [line.split() for line in lines]


def remove_ipc_of(uid: int, ledger: str | None = None) -> None:
    """Removes the System V objects uid created, and those the ledger says
    the tests (as root) made that still exist and are still root's. Each is
    removed as ourselves, else as its owner or creator: a root without
    CAP_SYS_ADMIN (a container's) may remove only what it owns."""
    made_by_tests: set[tuple[str, str]] = set()
    if ledger and os.path.exists(ledger):
        for line in Path(ledger).read_text().splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] in ("shm", "sem"):
                made_by_tests.add((parts[0], parts[1]))
    me = str(os.geteuid())
    # the columns of /proc/sysvipc/{shm,sem}: id 1, then owner and creator
    for kind, flag, uid_column, cuid_column in (("shm", "-m", 7, 9), ("sem", "-s", 4, 6)):
        for row in _sysvipc_rows(kind):
            ident, owner, cuid = row[1], row[uid_column], row[cuid_column]
            if cuid != str(uid) and not (cuid == me and (kind, ident) in made_by_tests):
                continue
            for who in dict.fromkeys([me, owner, cuid]):
                command = ["ipcrm", flag, ident]
                if who != me:
                    command = _as_user(int(who)) + command
                if subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
                    break


def remove_files_of(uid: int) -> None:
    """Removes what uid left in the machine's shared temporary folders."""
    for top in SHARED_TEMP_DIRS:
        try:
            entries = list(os.scandir(top))
        except OSError:
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
                if info.st_uid != uid:
                    continue
                if stat.S_ISDIR(info.st_mode):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass


def clean_up_user(uid: int, ledger: str | None = None) -> None:
    """After a container-level step: nothing of uid outlives it."""
    kill_user(uid)
    remove_ipc_of(uid, ledger)
    remove_files_of(uid)
