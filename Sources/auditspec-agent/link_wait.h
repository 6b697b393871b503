// The agent's wait for a network interface (link_wait.c).
#ifndef AUDITSPEC_AGENT_LINK_WAIT_H
#define AUDITSPEC_AGENT_LINK_WAIT_H
// Waits until the interface `name` of this process's network namespace is up and running
// (IFF_UP and IFF_RUNNING, which follows the operational state the kernel sets when the
// link's carrier and queues are ready), or `timeout_ms` passes. Woken by the kernel's link
// notifications, never by a timer: 0 with *flags, ETIMEDOUT, or the errno of a failed call.
// Why RUNNING and not just the carrier: the end brought up first gets its queue only from the
// kernel's link watcher, and IPv6 keeps an interface's addresses tentative (unusable) until
// the watcher marks it running, which for the second end can come up to a second later.
int wait_for_link(const char *name, int timeout_ms, int *flags);
#endif
