# shm-labs: System V shared memory and semaphore labs, with their grader.
# `make help` lists the targets.

LABS := $(patsubst labs/%/Makefile,%,$(wildcard labs/[0-9][0-9]-*/Makefile))
GRADE_ARGS := $(if $(LAB),--lab $(LAB)) $(if $(JSON),--json $(JSON)) $(SUBMISSION)

.PHONY: help deps deps-test kit grade test test-kit test-clang test-grader test-slides \
        slides bench clean

help:
	@echo "make grade                  grade your labs/ (all labs)"
	@echo "make grade LAB=03-attach    grade one lab"
	@echo "make grade SUBMISSION=DIR   grade another submission (JSON=FILE: results.json too)"
	@echo "make test                   the kit's own tests (solutions, skeletons, corpora, slides)"
	@echo "make slides                 build the lecture: slides/build/ (HTML deck, PDF handout)"
	@echo "make bench                  shared memory against pipes and sockets: bench/out/"
	@echo "make deps                   install what grading needs (as root), or say how"
	@echo "make clean                  remove everything make built"
	@echo "Grader options: grader/grade --help"

deps:
	@sh mk/deps.sh grade

deps-test:
	@sh mk/deps.sh test

# The kit's trusted parts: each lab's tests (judge), harness and driver objects.
kit: deps
	@for lab in $(LABS); do $(MAKE) -s -C labs/$$lab kit || exit 1; done

grade: deps
	@./grader/grade $(GRADE_ARGS)

# Everything the kit promises, proved: see tests/README.md.
test: deps-test test-clang test-grader test-batch test-docs test-slides test-handout test-platforms test-container

# The parts of the kit with targets of their own, one file each.
include mk/batch.mk mk/docs.mk mk/handout.mk mk/platforms.mk mk/container.mk

# gcc and clang both build every kit file and every solution without a warning.
test-clang:
	@echo "== clang: kit and solutions with -Werror"
	@for lab in $(LABS); do \
	    $(MAKE) -s -C labs/$$lab CC=clang KITOUT=$(CURDIR)/build/clang/$$lab \
	        HOUT=$(CURDIR)/build/clang/harness OUT=$(CURDIR)/build/clang/$$lab \
	        SRC=$(CURDIR)/solutions/$$lab/$$(sed -n 's/^STUDENT *:= *//p' labs/$$lab/Makefile) \
	        STUDENT_CFLAGS='$$(KIT_CFLAGS)' kit subject programs || exit 1; \
	done

test-grader: kit
	@python3 tests/selftest.py

test-slides:
	@if [ -f slides/Makefile ]; then $(MAKE) -s -C slides test; fi

slides:
	@sh mk/deps.sh slides
	@$(MAKE) -s -C slides

bench:
	@sh mk/deps.sh bench
	@$(MAKE) -s -C bench bench

clean:
	rm -rf build
	@for lab in $(LABS); do $(MAKE) -s -C labs/$$lab clean; done
	@if [ -f slides/Makefile ]; then $(MAKE) -s -C slides clean; fi
	@if [ -f bench/Makefile ]; then $(MAKE) -s -C bench clean; fi
