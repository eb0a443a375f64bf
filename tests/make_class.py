#!/usr/bin/env python3
"""Makes a class of submissions for measuring the grader at scale:

    python3 tests/make_class.py DIR [--students 100] [--seed 1]

Each student folder gets, for every lab, one of: the reference solution
(50 %), a known wrong solution (25 %), the untouched skeleton (15 %), a
hostile submission of that lab where the corpus has one, else a missing file
(10 %). The same seed makes the same class. Then, for example:

    grader/grade --batch DIR --csv grades.csv --out DIR-results --jobs 2
"""

import argparse
import glob
import os
import random
import shutil
import sys

KIT = os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(KIT, "grader"))
from shmgrade import kit  # noqa: E402


def hostile_files():
    """{lab: [paths]} of the hostile corpus, from each file's `lab:` line."""
    found = {}
    for path in glob.glob(os.path.join(KIT, "tests", "hostile", "*.c")):
        with open(path) as f:
            for line in f.read(1000).splitlines():
                if "lab:" in line:
                    found.setdefault(line.split("lab:", 1)[1].strip(), []).append(path)
    return found


def choose(rng, lab, hostile):
    """The file a student hands in for lab, or None for nothing."""
    roll = rng.random()
    if roll < 0.50:
        return os.path.join(KIT, "solutions", lab.name, lab.student)
    if roll < 0.75:
        wrong = sorted(glob.glob(os.path.join(KIT, "tests", "wrong", lab.name, "*.c")))
        return rng.choice(wrong) if wrong else None
    if roll < 0.90:
        return os.path.join(KIT, "labs", lab.name, lab.student)
    return rng.choice(sorted(hostile[lab.name])) if hostile.get(lab.name) else None


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dir")
    p.add_argument("--students", type=int, default=100)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    if os.path.exists(args.dir):
        sys.exit("make_class: %s exists already" % args.dir)
    rng = random.Random(args.seed)
    labs = kit.built_labs()
    hostile = hostile_files()
    for n in range(1, args.students + 1):
        for lab in labs:
            source = choose(rng, lab, hostile)
            if source is None:
                continue
            folder = os.path.join(args.dir, "student%03d" % n, lab.name)
            os.makedirs(folder, exist_ok=True)
            shutil.copy(source, os.path.join(folder, lab.student))
    print("made %d students in %s" % (args.students, args.dir))


if __name__ == "__main__":
    main()
