"""Sandboxes for untrusted work: compiling a student file and running the
tests against it. Built on bubblewrap (Debian's `bubblewrap`):

- a new mount namespace that shows only /usr (read-only), the few kit files
  the step needs (read-only) and a private work directory; never the kit's
  solutions, other submissions or the user's files;
- new IPC, PID, network and UTS namespaces: no System V object, process or
  network is shared with the machine; when the sandbox ends, every process
  in it ends too, including ones that called setsid();
- limits on CPU time, memory, processes, file size, and a wall-clock timeout.

As root, the sandbox keeps root (in its namespaces only) for the test runner,
which starts student code as `subject_uid`, a user id of its own. Without
root, a user namespace stands in, and student code runs as that namespace's
root stripped of every capability (see Mode.describe()).
"""

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass

from .kit import KIT, GraderError

COMPILE_TIMEOUT_S = 20
RUN_TIMEOUT_S = 300
UID_BASE = 2_000_000_000     # far above any account; one id per running lab


@dataclass(frozen=True)
class Mode:
    """How this machine lets us isolate student code."""
    root: bool

    def describe(self):
        if self.root:
            return None
        return ("grader: not running as root: student code runs in a user namespace without "
                "capabilities, and the tests that need a second user (EPERM) are not run; "
                "run as root (sudo make grade) for the full grade")


def detect_mode():
    """Checks that bubblewrap can make the namespaces we need, here."""
    if shutil.which("bwrap") is None:
        raise GraderError("bubblewrap is missing: run `make deps` as root, or "
                          "`sudo apt-get install bubblewrap`")
    root = os.geteuid() == 0
    probe = subprocess.run(_bwrap_base(root, []) + ["--", "/bin/true"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if probe.returncode != 0:
        raise GraderError("bubblewrap cannot make a sandbox here (%s): the grader needs "
                          "namespaces; on a machine without user namespaces run it as root"
                          % probe.stderr.strip().splitlines()[-1:])
    return Mode(root)


def subject_uid(slot, grader_pid=None):
    """A user id for the student code of one running lab: unique to this
    grader process (or grader_pid) and job slot, so limits on processes are
    per lab. Slots go from 0 to 63."""
    pid = os.getpid() if grader_pid is None else grader_pid
    return UID_BASE + (pid * 64 + slot) % 2_000_000_000


def _bwrap_base(root, binds):
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
    if not root:
        args += ["--unshare-user", "--uid", "0", "--gid", "0", "--cap-add", "ALL"]
    made = set()
    for source, target, writable in binds:
        # bwrap would make missing parents 0700; student code must pass them
        parent = os.path.dirname(target)
        ancestors = []
        while parent not in ("/", "") and parent not in made:
            ancestors.insert(0, parent)
            made.add(parent)
            parent = os.path.dirname(parent)
        for directory in ancestors:
            args += ["--perms", "0755", "--dir", directory]
        args += ["--bind" if writable else "--ro-bind", source, target]
    return args


def _prlimit(cpu_s, memory, nproc, fsize):
    return ["prlimit", "--cpu=%d" % cpu_s, "--as=%d" % memory, "--nproc=%d" % nproc,
            "--fsize=%d" % fsize, "--core=0", "--nofile=1024", "--"]


@dataclass
class Finished:
    """How a sandboxed command ended."""
    returncode: int
    output: str
    timed_out: bool
    seconds: float


def _run(argv, timeout, pass_fds=(), output_limit=256 * 1024):
    """Runs argv in a new session; on timeout kills the whole group (which
    ends the sandbox: bwrap dies, and with it its PID namespace)."""
    start = time.monotonic()
    with open(os.devnull, "rb") as devnull, \
         _TempOutput() as out:
        proc = subprocess.Popen(argv, stdin=devnull, stdout=out.file, stderr=subprocess.STDOUT,
                                pass_fds=pass_fds, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        return Finished(proc.returncode, out.read(output_limit), timed_out,
                        time.monotonic() - start)


class _TempOutput:
    """An unnamed file for a command's output, read back with a size limit."""

    def __enter__(self):
        import tempfile
        self.file = tempfile.TemporaryFile()
        return self

    def read(self, limit):
        self.file.seek(0)
        data = self.file.read(limit + 1)
        text = data[:limit].decode("utf-8", "replace")
        return text + ("\n[... output cut at %d bytes]" % limit if len(data) > limit else "")

    def __exit__(self, *exc):
        self.file.close()


def compile_lab(mode, lab, work, uid):
    """Builds the student's programs and subject in work/out from
    work/src/STUDENT, seeing only the lab's own kit files."""
    out = os.path.join(work, "out")
    binds = [(os.path.join(KIT, "mk"), os.path.join(KIT, "mk"), False),
             (os.path.join(KIT, "harness"), os.path.join(KIT, "harness"), False),
             (lab.directory, lab.directory, False),
             (lab.build_dir, lab.build_dir, False),
             (work, work, True)]
    make = ["make", "-s", "-C", lab.directory, "KIT=" + KIT,
            "SRC=" + os.path.join(work, "src", lab.student), "OUT=" + out, "subject", "programs"]
    if mode.root:
        for path in (work, out, os.path.join(work, "src")):
            os.chown(path, uid, uid)
        make = ["setpriv", "--reuid=%d" % uid, "--regid=%d" % uid, "--clear-groups",
                "--no-new-privs", "--"] + make
    argv = (_prlimit(10, 1 << 30, 256, 64 << 20) + _bwrap_base(mode.root, binds)
            + ["--chdir", work, "--"] + make)
    return _run(argv, COMPILE_TIMEOUT_S)


def run_judge(mode, lab, work, uid, results_fd):
    """Runs the lab's tests (kit code) against the subject built in work/out.
    Check's TAP results go to results_fd, which nothing in the sandbox but
    the test runner can reach."""
    out = os.path.join(work, "out")
    binds = [(lab.judge, "/judge", False), (out, out, False)]
    argv = (_bwrap_base(mode.root, binds)
            + ["--setenv", "SHMLABS_SUBJECT_UID", str(uid if mode.root else 0),
               "--setenv", "SHMLABS_SUBJECT_GID", str(uid if mode.root else 0),
               "--chdir", "/tmp", "--", "/judge", "--run", out, "--tap", "/dev/fd/%d" % results_fd])
    return _run(argv, RUN_TIMEOUT_S, pass_fds=(results_fd,), output_limit=64 * 1024)
