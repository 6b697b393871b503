#define _GNU_SOURCE
#include "CAuditNetlink.h"
#include <libaudit.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <unistd.h>

// Reads the next reply from the kernel, waiting at most timeout_ms.
// Acknowledgements (an NLMSG_ERROR carrying 0) are consumed and skipped;
// an NLMSG_ERROR carrying an error is returned as that negative errno.
static int next_reply(int fd, struct audit_reply *rep, int timeout_ms) {
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int ready = poll(&p, 1, timeout_ms);
        if (ready < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        if (ready == 0) return -ETIMEDOUT;
        int rc = audit_get_reply(fd, rep, GET_REPLY_NONBLOCKING, 0);
        if (rc == -EAGAIN) continue;
        if (rc < 0) return rc;
        if (rep->type == NLMSG_ERROR) {
            if (rep->error->error == 0) continue;
            return rep->error->error;
        }
        return rc;
    }
}

int as_audit_get_status(int fd, as_audit_status *out, int timeout_ms) {
    int rc = audit_request_status(fd);
    if (rc < 0) return rc;
    struct audit_reply rep;
    for (;;) {
        rc = next_reply(fd, &rep, timeout_ms);
        if (rc < 0) return rc;
        if (rep.type != AUDIT_GET) continue;
        const struct audit_status *s = rep.status;
        out->mask = s->mask;
        out->enabled = s->enabled;
        out->failure = s->failure;
        out->pid = s->pid;
        out->rate_limit = s->rate_limit;
        out->backlog_limit = s->backlog_limit;
        out->lost = s->lost;
        out->backlog = s->backlog;
        out->feature_bitmap = s->feature_bitmap;
        out->backlog_wait_time = s->backlog_wait_time;
        out->backlog_wait_time_actual = s->backlog_wait_time_actual;
        return 0;
    }
}

int as_audit_list_rules(int fd, unsigned char *buf, size_t cap, size_t *used, int timeout_ms) {
    *used = 0;
    int rc = audit_request_rules_list_data(fd);
    if (rc < 0) return rc;
    struct audit_reply rep;
    int count = 0, short_of_space = 0;
    for (;;) {
        rc = next_reply(fd, &rep, timeout_ms);
        if (rc < 0) return rc;
        if (rep.type == NLMSG_DONE) break;
        if (rep.type != AUDIT_LIST_RULES) continue;
        uint32_t len = (uint32_t)(sizeof(struct audit_rule_data) + rep.ruledata->buflen);
        if (*used + sizeof len + len <= cap) {
            memcpy(buf + *used, &len, sizeof len);
            memcpy(buf + *used + sizeof len, rep.ruledata, len);
        } else {
            short_of_space = 1;
        }
        *used += sizeof len + len;
        count++;
    }
    return short_of_space ? -ENOSPC : count;
}

// libaudit's calls take a struct it may modify; work on an aligned copy.
static struct audit_rule_data *copy_blob(const unsigned char *blob, size_t len) {
    if (len < sizeof(struct audit_rule_data)) return NULL;
    struct audit_rule_data *rule = malloc(len);
    if (rule) memcpy(rule, blob, len);
    return rule;
}

int as_audit_add_rule_blob(int fd, const unsigned char *blob, size_t len) {
    struct audit_rule_data *rule = copy_blob(blob, len);
    if (!rule) return -EINVAL;
    int rc = audit_add_rule_data(fd, rule, (int)rule->flags, (int)rule->action);
    free(rule);
    return rc < 0 ? rc : 0;
}

int as_audit_delete_rule_blob(int fd, const unsigned char *blob, size_t len) {
    struct audit_rule_data *rule = copy_blob(blob, len);
    if (!rule) return -EINVAL;
    int rc = audit_delete_rule_data(fd, rule, (int)rule->flags, (int)rule->action);
    free(rule);
    return rc < 0 ? rc : 0;
}

int as_rule_blob_list(const unsigned char *blob, size_t len) {
    if (len < sizeof(struct audit_rule_data)) return -EINVAL;
    const struct audit_rule_data *rule = (const struct audit_rule_data *)blob;
    return (int)rule->flags;
}

int as_rule_blob_action(const unsigned char *blob, size_t len) {
    if (len < sizeof(struct audit_rule_data)) return -EINVAL;
    const struct audit_rule_data *rule = (const struct audit_rule_data *)blob;
    return (int)rule->action;
}

struct as_rule_builder {
    struct audit_rule_data *rule;
    int list;
    int has_syscall;
};

// libaudit's rule parser keeps what auditctl has seen so far in these globals (exported, not in
// its header): a key is refused (-19) unless a syscall, watch or exe came before it, and an
// arch after a syscall (-3). auditctl sets _audit_syscalladded itself; so must we, and each
// rule starts from a clean slate, as each auditctl invocation does.
extern int _audit_syscalladded, _audit_permadded, _audit_archadded, _audit_exeadded, _audit_filterfsadded, _audit_elf;

as_rule_builder *as_rule_builder_new(int list, int action) {
    _audit_syscalladded = _audit_permadded = _audit_archadded = _audit_exeadded = _audit_filterfsadded = 0;
    _audit_elf = 0;
    as_rule_builder *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->rule = audit_rule_create_data();
    if (!b->rule) { free(b); return NULL; }
    b->rule->flags = (uint32_t)list;
    b->rule->action = (uint32_t)action;
    b->list = list;
    return b;
}

void as_rule_builder_free(as_rule_builder *b) {
    if (!b) return;
    audit_rule_free_data(b->rule);
    free(b);
}

int as_rule_builder_field(as_rule_builder *b, const char *pair) {
    char *copy = strdup(pair);  // libaudit cuts the pair in place
    if (!copy) return -ENOMEM;
    int rc = audit_rule_fieldpair_data(&b->rule, copy, b->list);
    free(copy);
    return rc;
}

int as_rule_builder_compare(as_rule_builder *b, const char *pair) {
    char *copy = strdup(pair);
    if (!copy) return -ENOMEM;
    int rc = audit_rule_interfield_comp_data(&b->rule, copy, b->list);
    free(copy);
    return rc;
}

int as_rule_builder_syscall(as_rule_builder *b, const char *name) {
    int rc = audit_rule_syscallbyname_data(b->rule, name);
    if (rc == 0) b->has_syscall = _audit_syscalladded = 1;
    return rc;
}

int as_rule_builder_has_syscall(const as_rule_builder *b) { return b->has_syscall; }

long as_rule_builder_blob(const as_rule_builder *b, unsigned char *buf, size_t cap) {
    size_t len = sizeof(struct audit_rule_data) + b->rule->buflen;
    if (len > cap) return -ENOSPC;
    memcpy(buf, b->rule, len);
    // libaudit's add call sets these from its arguments; keep them in the blob.
    ((struct audit_rule_data *)buf)->flags = (uint32_t)b->list;
    return (long)len;
}

int as_multicast_open(int rcvbuf) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
    if (fd < 0) return -errno;
    // Root may exceed rmem_max; a large buffer keeps bursts while actions run.
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) != 0)
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    struct sockaddr_nl addr;
    memset(&addr, 0, sizeof addr);
    addr.nl_family = AF_NETLINK;
    addr.nl_groups = 1u << (AUDIT_NLGRP_READLOG - 1);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        int err = errno;
        close(fd);
        return -err;
    }
    return fd;
}
