# mk/quiet-grade.mk: `make grade` (and `make test` in a lab's folder) that ends
# with the grader's own exit status (0 full marks, 1 points lost, 2 could not
# grade) and without make's "*** [grade] Error 1" line when points are lost.
#
# A failed recipe always makes make print that line and exit 2, so when the
# goal is QUIET_GOAL alone the grader runs while make reads this file: its
# standard output is kept and printed after it, its standard error (the live
# progress line) goes straight to the terminal. Then status 0 leaves the
# goal's empty recipe to run; status 1 turns on make's question mode (-q),
# whose only effect here is make's own quiet exit 1 for a goal not up to
# date; anything else stops make with one line.
#
# Set before including: QUIET_GOAL (grade), QUIET_COMMAND (the shell command
# that grades, its preparation included).
# (Not with -n, -q or -t: those must not grade.)
ifeq ($(MAKECMDGOALS)$(findstring n,$(firstword -$(MAKEFLAGS)))$(findstring q,$(firstword -$(MAKEFLAGS)))$(findstring t,$(firstword -$(MAKEFLAGS))),$(QUIET_GOAL))
QUIET_OUT := $(shell mktemp)
QUIET_STATUS := $(shell { $(QUIET_COMMAND) ; } > $(QUIET_OUT); echo $$?)
QUIET_TEXT := $(file < $(QUIET_OUT))
$(shell rm -f $(QUIET_OUT))
ifneq ($(QUIET_TEXT),)
$(info $(QUIET_TEXT))
endif
ifeq ($(QUIET_STATUS),1)
MAKEFLAGS += -q
else ifneq ($(QUIET_STATUS),0)
$(error the grader stopped with exit status $(QUIET_STATUS))
endif
.PHONY: $(QUIET_GOAL)
$(QUIET_GOAL): ; @:
QUIET_DONE := 1
endif
