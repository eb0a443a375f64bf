# mk/flags.mk: the one place that sets compilers and warnings for the whole kit.
# Every Makefile of the kit includes this file; nothing else sets CFLAGS.

CC      ?= cc
# C11 plus the POSIX and System V interfaces of glibc (ftok, shmget, SHM_DEST ...).
STD     := -std=c11 -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes \
           -Wmissing-prototypes -Wold-style-definition -Wcast-qual -Wvla \
           -Wnull-dereference -Wundef
CFLAGS  ?= -O1 -g
# Student code: no optimisation, so that valgrind sees every access it wrote.
STUDENT_CFLAGS = $(CFLAGS) -O0
CFLAGS  += $(STD) $(WARN)
# The kit's own code must be warning-free; student code gets the same warnings, not -Werror.
KIT_CFLAGS := $(CFLAGS) -Werror

CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null)
