# mk/instructor.mk: the instructor's targets (included by the top Makefile
# when present; the student handout leaves this file and the ones it
# includes out): the kit's own tests, the handout, the platform packages.

.PHONY: help-instructor deps-test test test-python test-clang test-grader test-student-tools test-slides test-bench bench-grader

help-instructor:
	@echo "make test                   the kit's own tests (solutions, skeletons, corpora, slides, platforms)"
	@echo "make handout                dist/handout/ and its tarball: the kit as students receive it"
	@echo "make bench-grader           what grading costs against its floor (RUNS=N, CLASS=N)"
	@echo "make gradescope|prairielearn|autolab|classroom   autograder packages in dist/ (docs/platforms.md)"

deps-test:
	@sh mk/deps.sh test

# Everything the kit promises, proved: see tests/README.md.
test: deps-test test-python test-clang test-grader test-student-tools test-repro test-hidden test-batch test-docs test-slides test-handout test-platforms test-container test-bench


# The Python of the kit: no unused name or undefined one anywhere (pyflakes),
# and the typed modules strictly typed (mypy --strict, Debian's, on Debian's
# python3): every module of the grader.
TYPED := $(wildcard grader/shmgrade/*.py)
test-python:
	@echo "== python: pyflakes, mypy --strict"
	@pyflakes3 grader tests platforms handout mk bench
	@cd grader && /usr/bin/python3 -m mypy --strict --follow-imports=silent $(TYPED:grader/%=%)

# gcc and clang both build every kit file and every solution without a warning.
test-clang:
	@echo "== clang: kit and solutions with -Werror"
	@for lab in $(LABS); do \
	    $(MAKE) -s -C labs/$$lab CC=clang KITOUT=$(CURDIR)/build/clang/$$lab \
	        HOUT=$(CURDIR)/build/clang/harness OUT=$(CURDIR)/build/clang/$$lab \
	        SRC_DIR=$(CURDIR)/solutions/$$lab \
	        STUDENT_CFLAGS='$$(KIT_CFLAGS)' kit subject programs || exit 1; \
	done

test-grader: kit
	@python3 tests/selftest.py

# The student's loop: quiet make grade/test with the grader's status, make
# watch (tests/student_tools_test.py).
test-student-tools: kit
	@sh mk/deps.sh watch
	@python3 tests/student_tools_test.py

# The hidden tests: references pass them, skeletons, the wrong corpus and
# tuned submissions are caught (tests/hidden_test.py).
.PHONY: test-hidden
test-hidden: kit
	@python3 tests/hidden_test.py

test-slides:
	@if [ -f slides/Makefile ]; then $(MAKE) -s -C slides test; fi

# The benchmark builds with gcc and clang and runs once, tiny. (A plain
# `make`, so that `make -n test` stays a dry run.)
test-bench:
	@sh mk/deps.sh bench
	@cd bench && make -s test

# What grading costs, against the floor F (grader/README.md#speed).
# RUNS=N runs per case; CLASS=N also grades a generated class of N.
bench-grader: kit
	@python3 tests/bench_grader.py --runs $(or $(RUNS),3) --levels $(if $(CLASS),--class $(CLASS))

# The parts of the kit with targets of their own, one file each.
include mk/batch.mk mk/docs.mk mk/handout.mk mk/platforms.mk mk/container.mk
