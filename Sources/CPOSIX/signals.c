#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int trap_pipe[2] = {-1, -1};
static volatile sig_atomic_t trap_caught = 0;

static void trap_handler(int sig) {
    int saved = errno;
    if (trap_caught == 0) trap_caught = sig;
    if (trap_pipe[1] >= 0) {
        char byte = (char)sig;
        ssize_t ignored = write(trap_pipe[1], &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

int as_signal_trap_install(void) {
    if (trap_pipe[0] >= 0) return trap_pipe[0];
    if (pipe2(trap_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return -errno;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = trap_handler;
    sigemptyset(&sa.sa_mask);
    int signals[] = {SIGINT, SIGTERM, SIGHUP};
    sigset_t unblock;
    sigemptyset(&unblock);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        if (sigaction(signals[i], &sa, NULL) != 0) return -errno;
        sigaddset(&unblock, signals[i]);
    }
    // A pipe to a child that died (its go pipe, say) must give EPIPE, never end the runner
    // before it restores the kernel's state. Children get every signal back to its default.
    signal(SIGPIPE, SIG_IGN);
    // A parent may have started us with these blocked (some test harnesses and
    // process libraries do): a trap that never fires would leave the kernel unrestored.
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
    return trap_pipe[0];
}

int as_signal_trap_caught(void) { return trap_caught; }

void as_signal_reraise(int sig) {
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
}
