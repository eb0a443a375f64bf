# mk/repro.mk: a test's calls as a program to run and debug (grader/repro).
#
#   make repro T=1.9 [LAB=01-create] [SUBMISSION=DIR]
#       writes labs/01-create/repro/1.9.c (the calls test 1.9 made in your
#       code, its fixtures too, each printed with its result) and builds it
#       with the kit's flags, -g -O0, against your create.c (or the one
#       SUBMISSION holds, copied to repro/ first)
#   make debug T=1.9 [LAB=...]
#       the same, then gdb stopped at the call where the test failed
#   make test-repro
#       the kit's test of all this (tests/repro_test.py)
#
# Included by the top Makefile (LAB, or the lab of T, picks the folder) and
# by mk/lab.mk (the lab of the folder make runs in). Nothing here is kept:
# repro/ is ignored by git and `make clean` removes it.

.PHONY: repro debug test-repro

ifdef STUDENT
# --- in a lab folder (mk/lab.mk) ------------------------------------------
REPRO_DIR ?= $(LABDIR)/repro
REPRO_SRC  = $(if $(SUBMISSION),$(REPRO_DIR)/$(STUDENT),$(SRC))

repro:
	@$(if $(T),,echo "make repro: name the test, e.g. make repro T=1.9" >&2; exit 2)
	@$(KIT)/grader/repro --lab $(LAB) --test $(T) $(if $(SUBMISSION),--submission $(SUBMISSION))
	@$(call REPRO_BUILD,$(REPRO_DIR)/$(T))
	@echo "built $(REPRO_DIR)/$(T): run it, or 'make debug T=$(T)' to stop in gdb at the failing call"

debug: repro
	@sh $(KIT)/mk/deps.sh debug
	@gdb -q -x $(REPRO_DIR)/$(T).gdb $(REPRO_DIR)/$(T)

# Builds the repro program $(1) from $(1).c, with the kit's flags, against
# the student file, linked as the subject is (mk/lab.mk).
REPRO_BUILD = $(CC) $(CFLAGS) -g -O0 $(INCLUDES) $(1).c $(REPRO_SRC) $(CALLS_OBJ) $(HOUT)/ipcmap.o \
    $(IPCMAP_WRAP) -o $(1)

# Any repro already written (tests/repro_test.py builds many at once).
$(REPRO_DIR)/%: $(REPRO_DIR)/%.c FORCE
	@$(call REPRO_BUILD,$@)

.PHONY: FORCE clean-repro
FORCE:

clean: clean-repro
clean-repro:
	rm -rf $(LABDIR)/repro

else
# --- at the top of the kit: LAB, else the lab of test T ("1.9": 01-*) -------
REPRO_LAB = $(or $(filter $(LAB),$(LABS)),$(filter $(LAB)-%,$(LABS)),\
                 $(if $(LAB),,$(filter 0$(firstword $(subst ., ,$(T)))-%,$(LABS))))

repro debug:
ifeq ($(REPRO_LAB),)
	@echo "make $@: name the lab and the test, e.g. make $@ LAB=01-create T=1.9" >&2; exit 2
else
	@$(MAKE) -s --no-print-directory -C labs/$(REPRO_LAB) $@ T=$(T) \
	    $(if $(SUBMISSION),SUBMISSION=$(abspath $(SUBMISSION)))
endif

test-repro:
	@python3 tests/repro_test.py
endif
