// The socketcall statement's call: an i386 socketcall(2) made by this 64-bit process through
// `int $0x80` (CONFIG_IA32_EMULATION), as a 32-bit program makes it, so the kernel audits it as
// arch=i386 syscall=102 with its SOCKETCALL and SOCKADDR records. No 32-bit userland is needed:
// the i386 entry reads its arguments through 32-bit pointers, so the argument block and the
// address are placed below 4 GiB (MAP_32BIT).
#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define I386_SOCKETCALL 102
#define I386_GETPID 20

// The i386 system call `number` with two arguments. From 64-bit code int $0x80 returns in eax
// and the kernel clears r8-r11 on the way back.
static int i386_call(int number, uint32_t first, uint32_t second) {
    int result = number;
    __asm__ volatile("int $0x80" : "+a"(result) : "b"(first), "c"(second) : "memory", "cc", "r8", "r9", "r10", "r11");
    return result;
}

int as_socketcall(int call, int family, int type, const unsigned char *address, uint32_t length, int *failed_step) {
    *failed_step = AS_SOCKETCALL_AT_SOCKET;
    if (length > 1024) return -EINVAL;
    int fd = socket(family, type | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    *failed_step = AS_SOCKETCALL_AT_MAP;
    unsigned char *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (low == MAP_FAILED) {
        int error = errno;
        close(fd);
        return -error;
    }
    uint32_t *arguments = (uint32_t *)low;
    memcpy(low + 64, address, length);
    arguments[0] = (uint32_t)fd;
    arguments[1] = (uint32_t)(uintptr_t)(low + 64);
    arguments[2] = length;
    *failed_step = AS_SOCKETCALL_AT_CALL;
    int rc = i386_call(I386_SOCKETCALL, (uint32_t)call, (uint32_t)(uintptr_t)arguments);
    munmap(low, 4096);
    close(fd);
    if (rc > -4096 && rc < 0) return rc;
    *failed_step = 0;
    return 0;
}

int as_ia32_probe(void) {
    // Without IA32 emulation int $0x80 raises a general protection fault (SIGSEGV): a child
    // takes the risk, never the caller.
    pid_t child = fork();
    if (child < 0) return -errno;
    if (child == 0) {
        int rc = i386_call(I386_GETPID, 0, 0);
        _exit(rc > 0 ? 0 : rc == -ENOSYS ? 2 : 3);
    }
    int status = 0;
    pid_t waited;
    do { waited = waitpid(child, &status, 0); } while (waited < 0 && errno == EINTR);
    if (waited < 0) return -errno;
    if (WIFSIGNALED(status)) return AS_IA32_FAULTS;
    if (WEXITSTATUS(status) == 2) return -ENOSYS;
    return WEXITSTATUS(status) == 0 ? 0 : -EIO;
}
