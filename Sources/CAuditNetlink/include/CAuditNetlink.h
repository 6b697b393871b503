// The parts of libaudit's netlink client Swift cannot use as they are: structs that end in
// flexible arrays or unions (struct audit_reply, struct audit_rule_data), and libaudit's
// rule parser, which keeps its state in process-wide variables.
// Every function returns a negative errno on failure, as the kernel does.
#ifndef AUDITSPEC_CAUDITNETLINK_H
#define AUDITSPEC_CAUDITNETLINK_H

#include <stddef.h>
#include <stdint.h>

// ---- audit netlink (fd from audit_open) ----------------------------------
// The fields of struct audit_status that auditspec reads or restores.
typedef struct {
    uint32_t mask, enabled, failure, pid, rate_limit, backlog_limit, lost,
             backlog, feature_bitmap, backlog_wait_time, backlog_wait_time_actual;
} as_audit_status;
int as_audit_get_status(int fd, as_audit_status *out, int timeout_ms);

// Lists the kernel's rules as struct audit_rule_data blobs, each preceded by
// its length as a uint32_t, packed into buf. Returns the number of rules,
// -ENOSPC when cap is too small (*used then holds the size needed so far).
int as_audit_list_rules(int fd, unsigned char *buf, size_t cap, size_t *used, int timeout_ms);
// Adds or deletes a rule given as a struct audit_rule_data blob (as listed or built).
int as_audit_add_rule_blob(int fd, const unsigned char *blob, size_t len);
int as_audit_delete_rule_blob(int fd, const unsigned char *blob, size_t len);

// Rule building: wraps libaudit's field-pair calls on one growing rule.
typedef struct as_rule_builder as_rule_builder;
as_rule_builder *as_rule_builder_new(int list, int action);
void as_rule_builder_free(as_rule_builder *b);
// "name=value" (also != < > <= >= &, &=); returns 0 or a libaudit error code (< 0).
int as_rule_builder_field(as_rule_builder *b, const char *pair);
// "name1=name2" comparison of two fields (-C).
int as_rule_builder_compare(as_rule_builder *b, const char *pair);
// A syscall name, or "all".
int as_rule_builder_syscall(as_rule_builder *b, const char *name);
// Whether a syscall was named (exit rules without one match all syscalls).
int as_rule_builder_has_syscall(const as_rule_builder *b);
// The rule as a blob; returns its length, or -ENOSPC if cap is too small.
long as_rule_builder_blob(const as_rule_builder *b, unsigned char *buf, size_t cap);
// A blob's list (filter) and action, for display.
int as_rule_blob_list(const unsigned char *blob, size_t len);
int as_rule_blob_action(const unsigned char *blob, size_t len);

// ---- multicast -----------------------------------------------------------
// Opens a NETLINK_AUDIT socket bound to the read-only multicast group
// (AUDIT_NLGRP_READLOG), with a receive buffer of rcvbuf bytes. Returns fd or -errno.
int as_multicast_open(int rcvbuf);

#endif
