# shm-labs: System V shared memory and semaphore labs, with their grader.
# `make help` lists the targets.

LABS := $(patsubst labs/%/Makefile,%,$(wildcard labs/[0-9][0-9]-*/Makefile))
GRADE_ARGS := $(if $(LAB),--lab $(LAB)) $(if $(T),--test $(T)) $(if $(V),--verbose) $(if $(JSON),--json $(JSON)) $(SUBMISSION)

.PHONY: help deps kit grade watch slides bench clean

help:
	@echo "make grade                  grade your labs/ (all labs)"
	@echo "make grade LAB=03-attach    grade one lab"
	@echo "make grade T=3.4            run one test (T=3.4,3.5: several)"
	@echo "make grade V=1              also print each call the tests made, its result and errno"
	@echo "make grade SUBMISSION=DIR   grade another submission (JSON=FILE: results.json too)"
	@echo "make watch LAB=01-create    grade the lab again on every save"
	@echo "make repro LAB=01-create T=1.9   the calls test 1.9 made, as a small C program built against your file"
	@echo "make debug LAB=01-create T=1.9   that program in gdb, stopped at the call where the test failed"
	@echo "make slides                 build the lecture: slides/build/ (HTML deck, PDF handout)"
	@echo "make bench                  when does shared memory win? your lab 07 ring against pipes, sockets, other designs"
	@echo "make deps                   install what grading needs (as root), or say how"
	@echo "make clean                  remove everything make built"
	@$(if $(wildcard mk/instructor.mk),$(MAKE) -s help-instructor)
	@echo "Grader options: grader/grade --help"

deps:
	@sh mk/deps.sh grade

# The grader's byte code, made once: Python would remake it at every start
# where it cannot write it (a kit root owns, PYTHONDONTWRITEBYTECODE), 25 ms
# of each grading (hyperfine). The grader runs on /usr/bin/python3.
GRADER_PYC := grader/shmgrade/__pycache__/made
$(GRADER_PYC): $(wildcard grader/shmgrade/*.py)
	@/usr/bin/python3 -m compileall -q grader/shmgrade && touch $@

# The kit's trusted parts: each lab's tests (judge), harness and driver
# objects, and the grader's Python byte code.
kit: deps compile_commands.json $(GRADER_PYC)
	@for lab in $(LABS); do $(MAKE) -s -C labs/$$lab kit || exit 1; done

# Alone on the command line, `make grade` runs in mk/quiet-grade.mk, which
# keeps the grader's exit status without make's error line.
QUIET_GOAL := grade
QUIET_COMMAND := $(MAKE) -s --no-print-directory grade-prepare >&2 && ./grader/grade $(GRADE_ARGS)
include mk/quiet-grade.mk
ifndef QUIET_DONE
grade: grade-prepare
	@./grader/grade $(GRADE_ARGS)
endif

.PHONY: grade-prepare
grade-prepare: deps compile_commands.json $(GRADER_PYC)

# For clangd and other editors: the kit's exact compile commands.
compile_commands.json: mk/compile_commands.py mk/flags.mk mk/lab.mk $(wildcard labs/*/Makefile)
	@python3 mk/compile_commands.py

# Regrades LAB on every save: the table and the first failure.
watch: deps
	@sh mk/deps.sh watch
	@sh mk/watch.sh "$(LAB)" $(SUBMISSION)

# make repro / make debug: a test's calls as a program (mk/repro.mk).
include mk/repro.mk

# The instructor's part of the kit: its own tests, the student handout, the
# platform packages. The student handout leaves these files out.
-include mk/instructor.mk

slides:
	@sh mk/deps.sh slides
	@$(MAKE) -s -C slides

bench:
	@sh mk/deps.sh bench
	@$(MAKE) -s -C bench bench

clean:
	rm -rf build grader/shmgrade/__pycache__
	@for lab in $(LABS); do $(MAKE) -s -C labs/$$lab clean; done
	@if [ -f slides/Makefile ]; then $(MAKE) -s -C slides clean; fi
	@if [ -f bench/Makefile ]; then $(MAKE) -s -C bench clean; fi
