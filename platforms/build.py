#!/usr/bin/env python3
"""Makes the autograder packages of the grading platforms from this kit
(the targets `make gradescope`, `make prairielearn`, `make autolab` and
`make classroom`; the instructor's steps are in docs/platforms.md).

  gradescope     DIST/gradescope/autograder.zip: setup.sh, run_autograder, shm-labs/
  prairielearn   DIST/prairielearn/: Dockerfile, shm-labs/, question/ (info.json,
                 question.html, tests/run)
  autolab        DIST/autolab/autograde-Makefile, DIST/autolab/autograde.tar
  classroom      DIST/classroom/.github/workflows/classroom.yml

Exit status 0 when the package is made, 2 (one line says why) when not.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import classroom  # noqa: E402
from package import KIT, KIT_DIR, Choice, PackageError, chosen_labs, copy_kit, \
    student_file, write_tar, write_zip  # noqa: E402

TEMPLATES = KIT / "platforms" / "templates"
PL_TIMEOUT = 120          # PrairieLearn's job limit in info.json (at most 600 s)
PL_GRADER_TIMEOUT = 100   # the grader is stopped before it, so a result is written


def fresh(folder: Path) -> Path:
    """`folder`, emptied (made when missing)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def template(platform: str, name: str, dest: Path) -> None:
    """Copies platforms/templates/PLATFORM/NAME to `dest`, its mode kept."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(TEMPLATES / platform / name, dest)


def gradescope(dist: Path, choice: Choice) -> list[Path]:
    """autograder.zip: setup.sh and run_autograder at its root, the kit in shm-labs/."""
    with tempfile.TemporaryDirectory(prefix="shm-labs-gradescope.") as tmp:
        stage = Path(tmp)
        for name in ("setup.sh", "run_autograder"):
            template("gradescope", name, stage / name)
        copy_kit(stage / KIT_DIR, choice, "gradescope")
        out = fresh(dist / "gradescope") / "autograder.zip"
        write_zip(stage, out)
    return [out]


def pl_info(choice: Choice, image: str) -> dict[str, object]:
    """An example info.json of a question graded with the package's labs."""
    labs = choice.labs
    environment = {"SHM_LABS_LABS": " ".join(labs), "SHM_LABS_TIMEOUT": str(PL_GRADER_TIMEOUT)}
    if choice.hidden:
        environment["SHM_LABS_HIDDEN"] = "1"
    return {
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, "shm-labs:" + " ".join(labs))),
        "title": f"shm-labs: {', '.join(labs)}",
        "topic": "System V shared memory and semaphores",
        "tags": ["shm-labs"],
        "type": "v3",
        "singleVariant": True,
        "gradingMethod": "External",
        "externalGradingOptions": {
            "enabled": True,
            "image": image,
            "entrypoint": "/grade/tests/run",
            "timeout": PL_TIMEOUT,
            "environment": environment,
        },
    }


def pl_question_html(labs: list[str]) -> str:
    """An example question.html: the student uploads the labs' files."""
    files = [student_file(lab) for lab in labs]
    return (
        "<pl-question-panel>\n"
        f"  <p>Upload your {', '.join(files)} for shm-labs ({', '.join(labs)}). Your code is\n"
        "  graded with the same tests as <code>make grade</code> in the kit.</p>\n"
        "</pl-question-panel>\n"
        f'<pl-file-upload file-names="{",".join(files)}"></pl-file-upload>\n'
        "<pl-submission-panel>\n"
        "  <pl-external-grader-results></pl-external-grader-results>\n"
        "  <pl-file-preview></pl-file-preview>\n"
        "</pl-submission-panel>\n")


def prairielearn(dist: Path, choice: Choice, image: str) -> list[Path]:
    """The grader image's Dockerfile and kit, and an example question."""
    out = fresh(dist / "prairielearn")
    template("prairielearn", "Dockerfile", out / "Dockerfile")
    copy_kit(out / KIT_DIR, choice, "prairielearn")
    question = out / "question"
    template("prairielearn", "run", question / "tests" / "run")
    (question / "info.json").write_text(json.dumps(pl_info(choice, image), indent=2) + "\n")
    (question / "question.html").write_text(pl_question_html(choice.labs))
    return [out / "Dockerfile", out / KIT_DIR, question]


def autolab(dist: Path, choice: Choice) -> list[Path]:
    """autograde-Makefile, and autograde.tar with the kit in shm-labs/."""
    out = fresh(dist / "autolab")
    template("autolab", "autograde-Makefile", out / "autograde-Makefile")
    with tempfile.TemporaryDirectory(prefix="shm-labs-autolab.") as tmp:
        copy_kit(Path(tmp) / KIT_DIR, choice, "autolab")
        write_tar(Path(tmp), out / "autograde.tar")
    return [out / "autograde-Makefile", out / "autograde.tar"]


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="platforms/build.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    p.add_argument("platform", choices=["gradescope", "prairielearn", "autolab", "classroom"])
    p.add_argument("--labs", default="", metavar='"01-create 02-reopen"',
                   help="the labs to grade, separated by spaces (default: all)")
    p.add_argument("--hidden", action="store_true", help="run the hidden tests too")
    p.add_argument("--untracked", action="store_true",
                   help="also package kit files git does not track yet (not ignored ones)")
    p.add_argument("--dist", type=Path, default=KIT / "dist", metavar="DIR",
                   help="where the package goes (default: dist)")
    p.add_argument("--image", default="YOUR-DOCKER-HUB-NAME/shm-labs-grader",
                   help="prairielearn: the grader image named in info.json")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        labs = chosen_labs(args.labs.split())
        choice = Choice(labs, args.hidden, args.untracked)
        if args.platform == "gradescope":
            made = gradescope(args.dist, choice)
        elif args.platform == "prairielearn":
            made = prairielearn(args.dist, choice, args.image)
        elif args.platform == "autolab":
            made = autolab(args.dist, choice)
        else:
            if args.hidden:
                raise PackageError("classroom has no hidden tests: students see the workflow")
            made = [classroom.write_workflow(args.dist, labs)]
    except (PackageError, OSError) as e:
        print(f"make {args.platform}: {e}", file=sys.stderr)
        return 2
    print(f"{args.platform} ({', '.join(labs)}{', hidden tests' if args.hidden else ''}): "
          + ", ".join(str(p) for p in made))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
