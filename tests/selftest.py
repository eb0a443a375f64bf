#!/usr/bin/env python3
"""The kit's own tests, run by `make test` (see tests/README.md):

- every reference solution gets full marks in every lab;
- every skeleton compiles and gets 0, handled cleanly;
- every known wrong solution (tests/wrong/NN-topic/*.c) loses points in its
  lab, with the intended message on the intended test;
- every hostile submission (tests/hostile/*.c) gets the outcome it expects,
  within its time bound, and leaves nothing behind;
- the grader's command line keeps its contract (exit status 2, one line);
- no IPC object, process or temporary directory is left on the machine.

Ends with the line `N passed, N failed`; exit status 1 if anything failed.
"""

import glob
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

KIT = os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))
GRADE = os.path.join(KIT, "grader", "grade")
sys.path.insert(0, os.path.join(KIT, "grader"))
from shmgrade import debuginfo, kit, sandbox  # noqa: E402
from verdicts import corpus_header  # noqa: E402

passed, failed = 0, 0
grader_pids: list[int] = []    # every grader this run started: their student code's user ids
private_tmp = tempfile.mkdtemp(prefix="shmlabs-selftest-tmp.")   # their TMPDIR


def check(ok: bool, name: str, detail: str = "") -> None:
    """Records one check and prints its verdict."""
    global passed, failed
    if ok:
        passed += 1
        print("ok     %s" % name)
    else:
        failed += 1
        print("FAILED %s%s" % (name, ": " + detail if detail else ""))


def grade(*args: str, timeout: float = 1800) -> tuple[int, str, float]:
    """Runs the grader; returns (exit status, stdout+stderr, seconds)."""
    start = time.monotonic()
    env = dict(os.environ, TMPDIR=private_tmp)
    with subprocess.Popen([GRADE] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=env) as proc:
        grader_pids.append(proc.pid)
        output, _ = proc.communicate(timeout=timeout)
    return proc.returncode, output, time.monotonic() - start


def lab_scores(results: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """{lab: (score, max)} from a results.json dict."""
    scores: dict[str, tuple[float, float]] = {}
    for t in results["tests"]:
        lab = t["tags"][0]
        got, most = scores.get(lab, (0, 0))
        scores[lab] = (got + t["score"], most + t["max_score"])
    return scores


def ipc_objects() -> list[str]:
    """The machine's segments and semaphore sets, as ipcs lists them."""
    out = subprocess.run(["ipcs", "-m", "-s"], stdout=subprocess.PIPE, text=True).stdout
    return sorted(line for line in out.splitlines() if line.startswith("0x"))


def sandbox_processes() -> list[str]:
    """Processes running as the user ids our graders gave student code (a
    grader that someone else runs on the machine meanwhile is not ours)."""
    ours = {sandbox.subject_uid(slot, pid, worker) for pid in grader_pids
            for slot in range(sandbox.MAX_JOBS) for worker in range(sandbox.TEST_WORKERS)}
    # The grader's own /proc reader, not ps: ps prints a user id of 2^31 or
    # more, as these are, as a negative number.
    return [f"{pid} {_command_of(pid)}" for pid in sandbox.processes_of(ours)]


def _command_of(pid: int) -> str:
    """The process's command name, or "" when it has ended meanwhile."""
    try:
        with open(f"/proc/{pid}/comm") as comm:
            return comm.read().strip()
    except OSError:
        return ""


def leftover_dirs() -> list[str]:
    """What our graders left in their temporary directory."""
    return os.listdir(private_tmp)


def test_reference_and_skeleton(tmp: str) -> None:
    out = os.path.join(tmp, "solutions.json")
    status, text, seconds = grade("--json", out, os.path.join(KIT, "solutions"))
    scores = lab_scores(json.load(open(out))) if os.path.exists(out) else {}
    labs = [lab.name for lab in kit.discover_labs()]
    check(status == 0, "reference solutions: exit status 0 (%.1f s)" % seconds, text[-2000:])
    for lab in labs:
        got, most = scores.get(lab, (0, 0))
        check(most > 0 and got == most, "reference solution of %s: full marks (%g/%g)" % (lab, got, most),
              "\n".join(l for l in text.splitlines() if lab in l or l.startswith("  ")))

    out = os.path.join(tmp, "skeleton.json")
    status, text, seconds = grade("--json", out)
    scores = lab_scores(json.load(open(out))) if os.path.exists(out) else {}
    check(status == 1, "skeletons: exit status 1 (%.1f s)" % seconds, text[-2000:])
    for lab in labs:
        earned, most = scores.get(lab, (None, 0))      # None: the lab is not in results.json
        check(most > 0 and earned == 0, "skeleton of %s: compiles, 0 points (%s/%g)" % (lab, earned, most),
              text[-1500:])
    check("does not compile" not in text, "skeletons compile", text[-1500:])


def make_batch(tmp: str, name: str, files: list[tuple[str, str]]) -> tuple[str, dict[str, tuple[str, str]]]:
    """A batch folder with one student per (lab, file)."""
    batch = os.path.join(tmp, name)
    labs = {lab.name: lab for lab in kit.built_labs()}
    students = {}
    for lab_name, path in files:
        student = "%s--%s" % (lab_name, os.path.splitext(os.path.basename(path))[0])
        folder = os.path.join(batch, student, lab_name)
        os.makedirs(folder)
        shutil.copy(path, os.path.join(folder, labs[lab_name].student))
        students[student] = (lab_name, path)
    return batch, students


def run_batch(tmp: str, name: str, students_batch: str, labs: list[str]) -> str:
    out = os.path.join(tmp, name + "-out")
    args = ["--batch", students_batch, "--out", out, "--jobs", str(os.cpu_count() or 2)]
    for lab in sorted(set(labs)):
        args += ["--lab", lab]
    status, text, seconds = grade(*args)
    check(status in (0, 1), "%s: the batch ran (%.1f s)" % (name, seconds), text[-2000:])
    return out


def test_wrong_corpus(tmp: str) -> None:
    files = [(os.path.basename(os.path.dirname(p)), p)
             for p in sorted(glob.glob(os.path.join(KIT, "tests", "wrong", "*", "*.c")))]
    check(len(files) > 0, "the wrong-solution corpus is there")
    batch, students = make_batch(tmp, "wrong", files)
    out = run_batch(tmp, "wrong corpus", batch, [lab for lab, _ in files])
    for student, (lab, path) in sorted(students.items()):
        name = "wrong %s/%s" % (lab, os.path.basename(path))
        try:
            results = json.load(open(os.path.join(out, student, "results.json")))
        except OSError as e:
            check(False, name, str(e))
            continue
        tests = {t["number"]: t for t in results["tests"] if t["tags"] == [lab]}
        got, most = lab_scores(results).get(lab, (0, 0))
        expects = [v for k, v in corpus_header(path) if k == "expect"]
        problems = [] if expects else ["no `expect:` line in its header"]
        if got >= most:
            problems.append("it got full marks")
        failed = [number for number, t in tests.items() if t["status"] == "failed"]
        first = re.match(r'^(\S+)\s', expects[0]) if expects else None
        if failed and first and failed[0] != first.group(1):
            problems.append("its first failing test is %s, not %s (the first `expect:`), which "
                            "names its mistake" % (failed[0], first.group(1)))
        for expect in expects:
            match = re.match(r'^(\S+)\s+"(.*)"$', expect)
            if not match:
                problems.append("bad expect line %r" % expect)
                continue
            number, words = match.groups()
            t = tests.get(number)
            if t is None or t["status"] != "failed":
                problems.append("test %s did not fail" % number)
            elif words.lower() not in t["output"].lower():
                problems.append("test %s said %r, not %r" % (number, t["output"], words))
        check(not problems, name, "; ".join(problems))


def kit_fingerprint() -> str:
    """A hash of every file of the kit that git tracks or could track."""
    digest = hashlib.sha256()
    for top in ("labs", "solutions", "harness", "grader", "mk", "tests"):
        for root, dirs, files in os.walk(os.path.join(KIT, top)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = os.path.join(root, name)
                digest.update(path.encode())
                with open(path, "rb") as f:
                    digest.update(f.read())
    return digest.hexdigest()


class HostCanaries:
    """A segment and a semaphore set of the machine's own, made with keys of
    ours before the hostile corpus runs, which must survive it; and a TCP
    listener on loopback that no sandboxed code may reach."""

    def __enter__(self) -> "HostCanaries":
        self.shmid = self._ipcmk("-M", "4096")
        self.semid = self._ipcmk("-S", "1")
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 47611))
        self.listener.listen(16)
        return self

    @staticmethod
    def _ipcmk(*what: str) -> str:
        """Makes one object with ipcmk (mode 0600); returns its id."""
        made = subprocess.run(["ipcmk", *what, "-p", "0600"], stdout=subprocess.PIPE, text=True)
        found = re.search(r"(\d+)\s*$", made.stdout.strip())
        if found is None:
            raise RuntimeError(f"ipcmk {' '.join(what)} made nothing: {made.stdout!r}")
        return found.group(1)

    def alive(self) -> bool:
        shm = subprocess.run(["ipcs", "-m", "-i", self.shmid], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sem = subprocess.run(["ipcs", "-s", "-i", self.semid], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return shm.returncode == 0 and sem.returncode == 0

    def __exit__(self, *exc: object) -> None:
        self.listener.close()
        subprocess.run(["ipcrm", "-m", self.shmid, "-s", self.semid], stderr=subprocess.DEVNULL)


def test_hostile_corpus(tmp: str) -> None:
    files = sorted(glob.glob(os.path.join(KIT, "tests", "hostile", "*.c")))
    check(len(files) > 0, "the hostile corpus is there")
    entries = []
    for path in files:
        header = dict(corpus_header(path))
        entries.append((header.get("lab", "?"), path))
    fingerprint = kit_fingerprint()
    batch, students = make_batch(tmp, "hostile", entries)
    with HostCanaries() as canaries:
        before_ipc = ipc_objects()
        out = run_batch(tmp, "hostile corpus", batch, [lab for lab, _ in entries])
        check(canaries.alive() and ipc_objects() == before_ipc,
              "hostile corpus: the machine's own segments and semaphore sets are untouched")
    check(kit_fingerprint() == fingerprint, "hostile corpus: no file of the kit changed")
    for student, (lab, path) in sorted(students.items()):
        header = dict(corpus_header(path))
        name = "hostile %s" % os.path.basename(path)
        try:
            results = json.load(open(os.path.join(out, student, "results.json")))
        except OSError as e:
            check(False, name, str(e))
            continue
        got, most = lab_scores(results).get(lab, (0, 0))
        problems: list[str] = []
        if "expect-score" in header and got != float(header["expect-score"]):
            problems.append("scored %g, expected %s" % (got, header["expect-score"]))
        if "expect-below" in header and got >= float(header["expect-below"]):
            problems.append("scored %g, expected below %s" % (got, header["expect-below"]))
        words = header.get("expect-feedback", "").strip('"')
        said = "\n".join([results["output"]] + [t["output"] for t in results["tests"]])
        if words and words.lower() not in said.lower():
            problems.append("feedback lacks %r" % words)
        bound = float(header.get("bound", "120"))
        if results["execution_time"] > bound:
            problems.append("took %.0f s, bound %g s" % (results["execution_time"], bound))
        check(not problems, "%s (%s)" % (name, header.get("attack", "")), "; ".join(problems))


def test_command_line(tmp: str) -> None:
    status, text, _ = grade("--no-such-option")
    check(status == 2, "grader: a bad option exits 2", text)
    status, text, _ = grade(os.path.join(tmp, "does-not-exist"))
    check(status == 2 and len(text.strip().splitlines()) == 1 and "not a directory" in text,
          "grader: a missing submission exits 2 with one line", text)
    status, text, _ = grade("--lab", "99")
    check(status == 2 and "no lab" in text, "grader: an unknown lab exits 2", text)
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    out = os.path.join(tmp, "empty.json")
    status, text, _ = grade("--lab", "1", "--json", out, empty)
    results = json.load(open(out)) if os.path.exists(out) else {"tests": []}
    check(status == 1 and "not submitted" in text and all(t["score"] == 0 for t in results["tests"])
          and results["tests"] and all(t["name"].startswith("01-create: ") for t in results["tests"]),
          "grader: a lab not submitted scores 0 and says so; --lab 1 grades only 01-create", text)
    linked = os.path.join(tmp, "linked", "01-create")
    os.makedirs(linked)
    os.symlink("/etc/passwd", os.path.join(linked, "create.c"))
    status, text, _ = grade("--lab", "01-create", os.path.dirname(linked))
    check(status == 1 and "symbolic link" in text and "root:" not in text,
          "grader: a student file that is a symbolic link is refused, never read", text)


def test_debug_view(tmp: str) -> None:
    """The judge's sandbox shows valgrind the loader's debug symbols alone
    (shmgrade/debuginfo.py), found as readelf finds them."""
    judge = kit.built_labs()[0].judge
    readelf = subprocess.run(["readelf", "-lW", judge], capture_output=True, text=True).stdout
    wanted = re.search(r"interpreter: (\S+)\]", readelf)
    loader = debuginfo.loader_of(judge)
    check(wanted is not None and loader == wanted.group(1),
          "debug view: the judge's loader is the one readelf names", f"{loader} / {readelf[:300]}")
    notes = subprocess.run(["readelf", "-n", os.path.realpath(loader or "/")], capture_output=True, text=True).stdout
    ident = re.search(r"Build ID: ([0-9a-f]+)", notes)
    check(ident is not None and debuginfo.build_id(os.path.realpath(loader or "/")) == ident.group(1),
          "debug view: the loader's build id is the one readelf prints", notes[:300])
    view = list(debuginfo.valgrind_debug_view(judge))
    if not view or sandbox.detect_mode().level == sandbox.Level.CONTAINER:
        return                   # no separate debug file here, or no namespace to hide the rest in
    base = sandbox._bwrap_base(root=os.geteuid() == 0, binds=[])
    listing = subprocess.run([*base, *view, "--", "find", debuginfo.DEBUG_ROOT, "-type", "f"],
                             capture_output=True, text=True)
    check(listing.stdout.split() == [view[-1]],
          "debug view: the sandbox's /usr/lib/debug holds the loader's file and nothing else",
          listing.stdout[:300] + listing.stderr[:300])


def test_crash_in_paused_call(tmp: str) -> None:
    """A crash inside lab 07's paused calls (7.9 stops the producer at its
    first touch of the message: ring_calls.c) is reported with its place,
    as a crash anywhere else is."""
    source = Path(KIT, "solutions", "07-ring", "ring.c").read_text()
    head = "int ring_put(struct ring *r, const void *msg, size_t len)\n{\n"
    check(head in source, "paused crash: the reference's ring_put is where the test expects it")
    crash = "    if (len > 0) { volatile int *nowhere = NULL; *nowhere = 1; }   /* the crash */\n"
    folder = Path(tmp, "paused-crash", "07-ring")
    folder.mkdir(parents=True)
    (folder / "ring.c").write_text(source.replace(head, head + crash, 1))
    line = source[:source.index(head)].count("\n") + 3
    status, text, _ = grade("--lab", "7", "--test", "7.9", str(folder.parent))
    check(status == 1 and f"SIGSEGV at ring.c:{line}, in ring_put" in text,
          f"paused crash: a crash in ring_put during 7.9 names ring.c:{line}", text[-1500:])


def test_oom_first(tmp: str) -> None:
    """Student code runs with oom_score_adj 1000 (harness/spawn.c): where a
    grading container runs out of memory, the kernel kills it, not the
    grader. A seg_key that returns 0x5000 plus its own score shows it."""
    folder = Path(tmp, "oom-score", "01-create")
    folder.mkdir(parents=True)
    (folder / "create.c").write_text(
        '#include <stdio.h>\n#include <sys/shm.h>\n#include "create.h"\n'
        "key_t seg_key(const char *path, int proj_id)\n{\n"
        "    int score = -1;\n    FILE *f = fopen(\"/proc/self/oom_score_adj\", \"r\");\n"
        "    (void) path; (void) proj_id;\n"
        "    if (f != NULL) { if (fscanf(f, \"%d\", &score) != 1) score = -1; fclose(f); }\n"
        "    return (key_t) (0x5000 + score);\n}\n"
        "int seg_create(key_t key, size_t size, int mode) { return shmget(key, size, IPC_CREAT | mode); }\n")
    status, text, _ = grade("--lab", "1", "--test", "1.1", str(folder.parent))
    check(status == 1 and "returned 0x53e8," in text,
          "student code runs with oom_score_adj 1000 (0x5000 + 1000 = 0x53e8)", text[-1000:])


def test_not_root(tmp: str) -> None:
    """A user who is not root grades with the kit as root built and owns it
    (a shared kit): in a user namespace, every test that needs no second
    user run and passed by the reference, the others named as not run."""
    nobody = 65534
    if os.geteuid() != 0:
        return                   # the whole run is already not root's
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LC_ALL": "C"}
    done = subprocess.run(["setpriv", f"--reuid={nobody}", f"--regid={nobody}", "--clear-groups",
                           GRADE, "--lab", "1", "--lab", "7", os.path.join(KIT, "solutions")],
                          capture_output=True, text=True, env=env, timeout=600)
    text = done.stdout + done.stderr
    if "isolation: container" in text or "cannot isolate" in text:
        return                   # no user namespaces here: nothing a non-root grader can do
    check(done.returncode == 0 and "isolation: userns" in text and "total" in text,
          "not root: a shared kit grades the reference in a user namespace, full marks for what runs",
          text[-1500:])
    # bubblewrap's own processes may still wait as zombies for the machine's
    # init to reap them (it adopts them as the grader's bwrap ends): not running
    listed = subprocess.run(["ps", "-u", str(nobody), "-o", "stat=,pid=,comm="],
                            capture_output=True, text=True).stdout
    left = [line for line in listed.splitlines() if not line.lstrip().startswith("Z")]
    check(not left, "not root: no process of that user left running", "\n".join(left))


def test_interrupt(tmp: str) -> None:
    """Ctrl-C in the middle of a batch stops it within a second and leaves
    no sandbox, process of student code or temporary folder behind."""
    batch = os.path.join(tmp, "interrupted")
    for n in range(20):                    # a batch that lasts well over 10 s: every skeleton, 20 times
        for lab in kit.built_labs():
            folder = os.path.join(batch, "student%d" % n, lab.name)
            os.makedirs(folder)
            shutil.copy(os.path.join(lab.directory, lab.student), folder)
    env = dict(os.environ, TMPDIR=private_tmp)
    proc = subprocess.Popen([GRADE, "--batch", batch, "--out", os.path.join(tmp, "interrupted-out"),
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    grader_pids.append(proc.pid)
    for _ in range(100):                   # until student code runs, and a little more
        if sandbox_processes() or proc.poll() is not None:
            break
        time.sleep(0.1)
    time.sleep(1)
    check(proc.poll() is None, "the batch to interrupt is still running when Ctrl-C comes",
          "it ended first: make it longer")
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=60)
    took = time.monotonic() - sent
    check(proc.returncode == 2 and took < 1.0 and "interrupted" in output,
          "Ctrl-C stops a batch within a second (%.2f s, exit status %s)" % (took, proc.returncode), output[-500:])
    check(not sandbox_processes() and not leftover_dirs(),
          "Ctrl-C leaves no process of student code and no temporary folder",
          "%s %s" % (sandbox_processes(), leftover_dirs()))


SECTIONS: dict[str, Callable[[str], None]] = {
    "cli": test_command_line,
    "debug-view": test_debug_view,
    "paused-crash": test_crash_in_paused_call,
    "not-root": test_not_root,
    "oom": test_oom_first,
    "interrupt": test_interrupt,
    "reference": test_reference_and_skeleton,
    "wrong": test_wrong_corpus,
    "hostile": test_hostile_corpus,
}


def main(argv: list[str]) -> int:
    """Runs the sections named in argv (default: all of them)."""
    unknown = [a for a in argv if a not in SECTIONS]
    if unknown:
        shutil.rmtree(private_tmp, ignore_errors=True)
        print("usage: selftest.py [%s]..." % "|".join(SECTIONS), file=sys.stderr)
        return 2
    before_ipc = ipc_objects()
    try:
        with tempfile.TemporaryDirectory(prefix="shmlabs-selftest.") as tmp:
            for name in argv or SECTIONS:
                SECTIONS[name](tmp)
        check(ipc_objects() == before_ipc, "no IPC object left on the machine (ipcs)",
              "before %s, after %s" % (before_ipc, ipc_objects()))
        check(not sandbox_processes(), "no process of student code left (/proc)", str(sandbox_processes()))
        check(not leftover_dirs(), "no temporary directory left", str(leftover_dirs()))
    finally:                               # also when a section itself breaks
        shutil.rmtree(private_tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
