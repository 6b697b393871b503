// The runner's end of the agent channel: one datagram per request or reply, with a passed
// descriptor for FORK. C because recvmsg's control messages are macros Swift cannot use.
#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

int as_socketpair_seqpacket(int fds[2]) {
    return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) == 0 ? 0 : -errno;
}

int as_agent_send(int fd, const unsigned char *message, size_t length) {
    for (;;) {
        ssize_t sent = send(fd, message, length, MSG_NOSIGNAL);
        if (sent >= 0) return 0;
        if (errno == EINTR) continue;
        return errno == EPIPE ? -ECONNRESET : -errno;
    }
}

int as_agent_receive(int fd, as_agent_reply *reply, unsigned char *data, size_t cap, int passed_fds[2]) {
    passed_fds[0] = passed_fds[1] = -1;
    struct iovec parts[2] = {{reply, sizeof *reply}, {data, cap}};
    union {
        char buffer[CMSG_SPACE(2 * sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = parts;
    message.msg_iovlen = 2;
    message.msg_control = control.buffer;
    message.msg_controllen = sizeof control.buffer;
    ssize_t got;
    do { got = recvmsg(fd, &message, MSG_CMSG_CLOEXEC | MSG_DONTWAIT); } while (got < 0 && errno == EINTR);
    if (got < 0) return -errno;
    if (got == 0) return -ECONNRESET;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        memcpy(passed_fds, CMSG_DATA(c), (count > 2 ? 2 : count) * sizeof(int));
    }
    if ((size_t)got < sizeof *reply) return -EPROTO;
    if (reply->length > cap || (size_t)got != sizeof *reply + reply->length) return -EPROTO;
    return 0;
}
