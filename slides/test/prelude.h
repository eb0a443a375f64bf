/*
 * test/prelude.h: the #include lines that the slides leave out.
 *
 * `make test` compiles every C block of lecture.md with `-include` of this
 * file. The deck lists the same headers on "How to read the code on these
 * slides": keep the two lists the same.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/sem.h>
