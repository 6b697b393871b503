// How the agent waits for an interface of its network namespace: woken by the kernel's link
// notifications, never by a timer (see link_wait.h).
#define _GNU_SOURCE
#include "link_wait.h"
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int wait_for_link(const char *name, int timeout_ms, int *flags) {
    int events = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
    if (events < 0) return errno;
    struct sockaddr_nl groups = {.nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK};
    int query = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (query < 0 || bind(events, (struct sockaddr *)&groups, sizeof groups) != 0) {
        int error = errno;
        close(events);
        if (query >= 0) close(query);
        return error;
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int error = 0;
    for (;;) {
        // Subscribed first, then asked: a change between the two still wakes the poll.
        struct ifreq request;
        memset(&request, 0, sizeof request);
        strncpy(request.ifr_name, name, IFNAMSIZ - 1);
        if (ioctl(query, SIOCGIFFLAGS, &request) != 0) { error = errno; break; }
        *flags = request.ifr_flags;
        if ((request.ifr_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING)) break;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (elapsed >= timeout_ms) { error = ETIMEDOUT; break; }
        struct pollfd wake = {.fd = events, .events = POLLIN};
        if (poll(&wake, 1, (int)(timeout_ms - elapsed)) < 0 && errno != EINTR) { error = errno; break; }
        char drain[8192];
        while (recv(events, drain, sizeof drain, 0) > 0) {}
    }
    close(events);
    close(query);
    return error;
}
