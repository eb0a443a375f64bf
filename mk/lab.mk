# mk/lab.mk: how one lab is built. Each labs/NN-topic/Makefile sets
#   LAB      the lab's directory name        (01-create)
#   STUDENT  the one file the student edits  (create.c)
#   PROGRAMS the lab's command-line programs (shmcreate), one PROG.c each
# and includes this file. The student file's header is STUDENT with .h; the
# lab's tests are tests/BASE_tests.c (Check) and tests/BASE_calls.h (the
# functions the tests may call in a student process, harness/rpc.h), with
# tests/BASE_calls.c when some of those calls are the kit's own code.
#
# Two kinds of objects are built, and they never mix:
#   kit objects (KITOUT): tests, harness, drivers; built from the kit alone
#   student objects (OUT): the student file, linked with kit objects into the
#   programs and into `subject`, the process in which the tests run student code.
# The test runner (`judge`) contains no student code at all.

KIT     ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
include $(KIT)/mk/flags.mk

BASE    := $(STUDENT:.c=)
LABDIR  ?= $(KIT)/labs/$(LAB)
KITOUT  ?= $(KIT)/build/$(LAB)
HARNESS := $(KIT)/harness
HOUT    := $(KIT)/build/harness
# The student file: SRC, or STUDENT in SRC_DIR (the lab folder by default).
SRC_DIR ?= $(LABDIR)
SRC     ?= $(SRC_DIR)/$(STUDENT)
OUT     ?= $(LABDIR)

INCLUDES := -I$(LABDIR) -I$(LABDIR)/tests -I$(HARNESS)
CALLS    := $(LABDIR)/tests/$(BASE)_calls.h
# Calls of the list that are made of the lab's functions (ring_put_paused
# ...), when the lab has any: kit code that runs in the subject, never in
# the judge.
CALLS_SRC := $(wildcard $(LABDIR)/tests/$(BASE)_calls.c)
CALLS_OBJ := $(if $(CALLS_SRC),$(KITOUT)/$(BASE)_calls.o)
HEADER   := $(LABDIR)/$(BASE).h
HIDDEN_TESTS := $(wildcard $(LABDIR)/tests/hidden/$(BASE)_hidden.c)

.PHONY: all programs subject kit test clean help
.DEFAULT_GOAL := all

help:
	@echo "make            build the programs of $(LAB) from your $(STUDENT)"
	@echo "make test       grade this lab (same as 'make grade LAB=$(LAB)' at the top)"
	@echo "make test T=N.M run one test of it (T=N.M,N.M: several)"
	@echo "make clean      remove what make built here"

all: programs
programs: $(addprefix $(OUT)/,$(PROGRAMS))
subject: $(OUT)/subject
kit: $(KITOUT)/judge $(if $(HIDDEN_TESTS),$(KITOUT)/judge-hidden) $(KITOUT)/subject_main.o $(HOUT)/ipcmap.o $(addprefix $(KITOUT)/,$(addsuffix .o,$(PROGRAMS)))

# Alone on the command line, `make test` ends quietly with the grader's own
# exit status (mk/quiet-grade.mk).
LAB_GRADE := $(KIT)/grader/grade --lab $(LAB) $(if $(T),--test $(T)) $(if $(V),--verbose)
QUIET_GOAL := test
QUIET_COMMAND := $(LAB_GRADE)
include $(KIT)/mk/quiet-grade.mk
ifndef QUIET_DONE
test:
	@$(LAB_GRADE)
endif

# --- kit objects: compiled with -Werror, never from a submission -------------
$(KITOUT) $(HOUT):
	@mkdir -p $@

# Every header of the lab folder (the lab's, and a program's own, such as
# counter.h) is a prerequisite of its kit objects and judges.
LAB_HEADERS := $(wildcard $(LABDIR)/*.h)

$(KITOUT)/%.o: $(LABDIR)/%.c $(LAB_HEADERS) | $(KITOUT)
	$(CC) $(KIT_CFLAGS) $(INCLUDES) -c $< -o $@

# The subject's main serves every lab: the build names the lab's call list.
$(KITOUT)/subject_main.o: $(HARNESS)/subject_main.c $(HARNESS)/rpc.h $(CALLS) $(HEADER) | $(KITOUT)
	$(CC) $(KIT_CFLAGS) $(INCLUDES) -DLAB_CALLS_HEADER='"$(BASE)_calls.h"' -c $< -o $@

ifneq ($(CALLS_OBJ),)
kit: $(CALLS_OBJ)
$(CALLS_OBJ): $(CALLS_SRC) $(HARNESS)/rpc.h $(CALLS) $(HEADER) | $(KITOUT)
	$(CC) $(KIT_CFLAGS) $(INCLUDES) -c $< -o $@
endif

# The harness's test-side objects are the same for every lab: built once.
# They include no lab header: judge.h, rpc.h and their own.
HARNESS_OBJS := $(addprefix $(HOUT)/,judge.o subject.o program.o spawn.o kernel.o ipcmap.o stuck.o results.o semaphore_kit.o)
HARNESS_HDRS := $(addprefix $(HARNESS)/,judge.h judge_internal.h rpc.h ipcmap.h semaphore_kit.h)
# Crash records (harness/crash.h): written by the subject, read by the judge.
HARNESS_OBJS += $(HOUT)/crash.o
HARNESS_HDRS += $(HARNESS)/crash.h
$(KITOUT)/subject_main.o: $(HARNESS)/crash.h
# ... and the handlers that write them, in the subject and every program.
CRASH_RECORD := $(HOUT)/crash_record.o
kit: $(CRASH_RECORD)
$(OUT)/subject $(addprefix $(OUT)/,$(PROGRAMS)): $(CRASH_RECORD)

# Every process of a test sees the test's own System V ids and keys
# (harness/ipcmap.h): the System V calls of whatever is linked with this go
# through ipcmap.o, which passes them through unchanged outside the grader.
IPCMAP_WRAP := -Wl,--wrap=ftok,--wrap=shmget,--wrap=shmat,--wrap=shmctl,--wrap=semget,--wrap=semop,--wrap=semtimedop,--wrap=semctl

$(HOUT)/%.o: $(HARNESS)/%.c $(HARNESS_HDRS) | $(HOUT)
	$(CC) $(KIT_CFLAGS) -D_GNU_SOURCE $(CHECK_CFLAGS) -I$(HARNESS) -c $< -o $@

# A judge: the lab's tests linked with the harness. $(1) is 1 for the hidden
# tests' judge. It knows its lab, student file and programs (judge --describe).
# A lab's tests include judge.h and then their call list, tests/BASE_calls.h.
JUDGE_LINK = $(CC) $(KIT_CFLAGS) -D_GNU_SOURCE $(CHECK_CFLAGS) $(INCLUDES) \
    -DSTUDENT_FILE='"$(STUDENT)"' \
    -DLAB_PROGRAMS='"$(PROGRAMS)"' -DJUDGE_HIDDEN=$(1) $< $(HARNESS_OBJS) $(IPCMAP_WRAP) -o $@ $(CHECK_LIBS)

$(KITOUT)/judge: $(LABDIR)/tests/$(BASE)_tests.c $(HARNESS_OBJS) $(CALLS) $(LAB_HEADERS) | $(KITOUT)
	$(call JUDGE_LINK,0)

# The instructor's hidden tests make a judge of their own, built exactly as
# the public one (tests/hidden/ is left out of the handout).
$(KITOUT)/judge-hidden: $(HIDDEN_TESTS) $(HARNESS_OBJS) $(CALLS) $(LAB_HEADERS) | $(KITOUT)
	$(call JUDGE_LINK,1)

# --- the programs' shared module (labs/common/driver.h): their command line,
# numbers, keys and error exits. A kit object of every lab, linked into each
# of its programs.
DRIVER     := $(KIT)/labs/common
DRIVER_OBJ := $(KITOUT)/driver.o
PROGRAM_OBJS := $(addprefix $(KITOUT)/,$(addsuffix .o,$(PROGRAMS)))

kit: $(DRIVER_OBJ)
$(PROGRAM_OBJS): INCLUDES += -I$(DRIVER)
$(PROGRAM_OBJS): $(DRIVER)/driver.h
$(addprefix $(OUT)/,$(PROGRAMS)): $(DRIVER_OBJ)

# The grader's compile sandbox shows the built object but not labs/common:
# there the object has no prerequisite and is used as it is.
$(DRIVER_OBJ): $(wildcard $(DRIVER)/driver.c $(DRIVER)/driver.h) | $(KITOUT)
	$(CC) $(KIT_CFLAGS) -I$(DRIVER) -c $(DRIVER)/driver.c -o $@

# --- student objects: the one file of a submission -------------------------
$(OUT)/$(BASE).o: $(SRC) $(HEADER)
	$(CC) $(STUDENT_CFLAGS) -I$(LABDIR) -c $(SRC) -o $@

$(OUT)/subject: $(KITOUT)/subject_main.o $(CALLS_OBJ) $(OUT)/$(BASE).o $(HOUT)/ipcmap.o
	$(CC) $(CFLAGS) $^ $(IPCMAP_WRAP) -o $@

$(OUT)/%: $(KITOUT)/%.o $(OUT)/$(BASE).o $(HOUT)/ipcmap.o
	$(CC) $(CFLAGS) $^ $(IPCMAP_WRAP) -o $@

clean:
	rm -f $(OUT)/$(BASE).o $(OUT)/subject $(addprefix $(OUT)/,$(PROGRAMS))

# make repro / make debug T=N.M in this lab (mk/repro.mk)
include $(KIT)/mk/repro.mk
