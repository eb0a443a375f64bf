/* no-namespaces: runs a command under a seccomp filter that refuses, as
 * Docker's default profile does, every way of making or joining a namespace.
 *
 *   $ no-namespaces unshare --ipc true
 *   unshare: unshare failed: Operation not permitted
 *
 * Refused with EPERM: unshare(2), setns(2), and clone(2) with any CLONE_NEW*
 * flag. Refused with ENOSYS: clone3(2), whose flags sit in memory that a
 * filter cannot read (so libc falls back to clone, which the filter checks).
 * Every system call of another architecture or ABI (x32, i386) is refused
 * with ENOSYS. Everything else is allowed.
 *
 * Installing a filter needs no_new_privs or CAP_SYS_ADMIN (setpriv
 * --no-new-privs gives the first). Exit status: that of the command; 2 for a
 * usage error; 126 when the filter cannot be installed; 127 when the command
 * cannot be run.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#define FIRST_FOREIGN_NR 0x40000000u /* the x32 ABI's bit */
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#define FIRST_FOREIGN_NR 0xffffffffu
#else
#error "no-namespaces knows the system call layout of x86_64 and aarch64 only"
#endif

#ifndef __NR_clone3
#define __NR_clone3 435
#endif

/* The flags of clone(2) that make a namespace (CLONE_NEWTIME is not one:
 * clone(2) reads that bit as part of the exit signal). */
#define CLONE_NEW_ANY (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC \
                       | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

#define REFUSE(err) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((err) & SECCOMP_RET_DATA))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (unsigned) offsetof(struct seccomp_data, field))

/* The filter. Jump offsets count instructions from the next one. */
static struct sock_filter no_namespace_filter[] = {
    LOAD(arch),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
    REFUSE(ENOSYS),                                          /* another architecture */
    LOAD(nr),
    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, FIRST_FOREIGN_NR, 0, 1),
    REFUSE(ENOSYS),                                          /* another ABI (x32) */
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 0, 1),
    REFUSE(EPERM),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_setns, 0, 1),
    REFUSE(EPERM),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
    REFUSE(ENOSYS),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 1, 0),
    ALLOW,
    LOAD(args[0]),                                           /* clone's flags, low half */
    BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEW_ANY, 0, 1),
    REFUSE(EPERM),
    ALLOW,
};

/* Installs the filter on this thread and its future children. Returns 0, or
 * -1 with errno set (EACCES: neither no_new_privs nor CAP_SYS_ADMIN). */
static int refuse_namespaces(void)
{
    struct sock_fprog program = {
        .len = (unsigned short) (sizeof no_namespace_filter / sizeof no_namespace_filter[0]),
        .filter = no_namespace_filter,
    };
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
}

int main(int argc, char *argv[])
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(stderr, "usage: %s COMMAND [ARG]...\n"
                "runs COMMAND unable to make or join namespaces, as in a Docker container\n", argv[0]);
        return 2;
    }
    if (refuse_namespaces() == -1) {
        fprintf(stderr, "no-namespaces: cannot install the seccomp filter: %s "
                "(run it under setpriv --no-new-privs, or as root)\n", strerror(errno));
        return 126;
    }
    execvp(argv[1], argv + 1);
    fprintf(stderr, "no-namespaces: cannot run %s: %s\n", argv[1], strerror(errno));
    return 127;
}
