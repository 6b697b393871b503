/// Field names that audit records are known to carry, for telling a misspelt expected field
/// (`ittem=1`) from a real one. Facts gathered from four places:
/// - `kernel`: every `name=` in the format strings of the audit calls of Linux 6.1 (kernel/,
///   security/, net/, fs/, ipc/, io_uring/, and the names passed to its logging helpers, such
///   as `cap_pi` and `audit_backlog_limit`), plus the older xt_AUDIT's packet fields;
/// - `auparse`: the fields libauparse interprets (its type table);
/// - `dictionary`: the Linux audit project's field dictionary, which also names what userspace
///   (auditd, PAM, libvirt) writes;
/// - `patches`: what the unmerged patchsets under test add (../shared/spec and the seed records).
/// EXECVE's and SOCKETCALL's indexed names (`a0`, `a12`, `a3[2]`, `a3_len`) are a pattern, not a list.
public enum AuditFieldNames {
    public static let kernel: Set<String> = [
        "a0", "a1", "a2", "a3", "abs_timeout_nsec", "abs_timeout_sec", "action", "actions", "anonclass", "apparmor",
        "appraise_algos", "appraise_flag", "appraise_type", "arch", "argc", "audit_backlog_limit",
        "audit_backlog_wait_time", "audit_enabled", "audit_failure", "audit_pid", "audit_rate_limit", "auid",
        "backlog_wait_time_actual", "bool", "calipso_doi", "calipso_type", "cap_fe", "cap_fi", "cap_fp",
        "cap_frootid", "cap_fver", "cap_pa", "cap_pe", "cap_pi", "cap_pp", "capability", "capname", "cause",
        "cipso_doi", "cipso_type", "code", "comm", "compat", "cwd", "daddr", "data", "denied_mask", "dest", "dev",
        "device", "digest_type", "dir", "dport", "dst", "dst_prefixlen", "egid", "enabled", "enforcing", "entries",
        "errno", "error", "error_msg", "euid", "exe", "exit", "faddr", "family", "fd", "fd0", "fd1", "fe", "feature",
        "fgroup", "fi", "file", "flags", "flowlbl", "fn", "fowner", "fp", "fport", "frootid", "fsgid", "fsmagic",
        "fsname", "fstype", "fsuid", "fsuuid", "func", "fver", "gid", "hash", "icmpcode", "info", "ino", "inode",
        "invalid_context", "ioctlcmd", "ip", "ipc_key", "ipid", "item", "items", "key", "key_desc", "key_serial",
        "keyrings", "kmod", "label", "laddr", "list", "lockdown_reason", "lost", "lport", "lsm", "major", "mark",
        "mask", "minor", "mode", "module", "mq_curmsgs", "mq_flags", "mq_maxmsg", "mq_msgsize", "mqdes", "msg",
        "msg_len", "msg_prio", "name", "namespace", "nametype", "nargs", "netif", "new", "new-enabled",
        "new-log_passwd", "new_lock", "newcontext", "nl-mcgrp", "nlbl_domain", "nlbl_protocol", "ns", "nsec",
        "oauid", "obj", "obj_role", "obj_type", "obj_user", "object", "ocomm", "offset", "oflag", "ogid", "old",
        "old-actions", "old-auid", "old-enabled", "old-log_passwd", "old-ses", "old_enforcing", "old_lock", "old_pa",
        "old_pe", "old_pi", "old_pp", "old_prom", "old_val", "oldcontext", "op", "operation", "opid", "options",
        "oses", "osid", "ouid", "pa", "path", "pcr", "pe", "peer", "per", "permissive", "perms", "pi", "pid", "pkey",
        "port_num", "pp", "ppid", "proctitle", "profile", "prog-id", "prom", "proto", "protocol", "qbytes", "rdev",
        "reason", "requested", "requested_mask", "res", "resolve", "resp", "rlimit", "saddr", "scontext", "sec",
        "sec_alg", "sec_doi", "sec_obj", "sector", "seqno", "seresult", "ses", "sgid", "sig", "sigev_signo",
        "signal", "sock_type", "spi", "sport", "srawcon", "src", "src_prefixlen", "srcname", "ssid", "state", "subj",
        "subj_role", "subj_type", "subj_user", "subject", "subnet_prefix", "success", "suid", "syscall", "table",
        "target", "taskcontext", "tclass", "tcontext", "template", "trans", "trawcon", "tsid", "tty", "uid",
        "unlbl_accept", "uring_op", "val", "value", "xattr"
    ]

    public static let auparse: Set<String> = [
        "acct", "addr", "cgroup", "cmd", "fan_info", "fan_type", "grp", "hook", "icmptype", "id", "igid", "img-ctx",
        "inode_gid", "inode_uid", "iuid", "macproto", "new-chardev", "new-disk", "new-fs", "new-net", "new-rng",
        "new_gid", "new_group", "new_pe", "new_pi", "new_pp", "obj_gid", "obj_trust", "obj_uid", "old-chardev",
        "old-disk", "old-fs", "old-net", "old-rng", "perm", "perm_mask", "result", "root_dir", "sauid", "subj_trust",
        "sw", "vm", "vm-ctx", "watch"
    ]

    public static let dictionary: Set<String> = [
        "acl", "added", "banners", "bus", "category", "changed", "cipher", "class", "default-context", "direction",
        "dmac", "fam", "format", "grantors", "hostname", "icmp_type", "inif", "ipx-net", "kernel", "kind", "ksize",
        "len", "mac", "maj", "model", "net", "new-level", "new-mem", "new-range", "new-role", "new-seuser",
        "new-vcpu", "nlnk-fam", "nlnk-grp", "nlnk-pid", "old-level", "old-mem", "old-range", "old-role",
        "old-seuser", "old-vcpu", "outif", "parent", "pfs", "printer", "range", "removed", "resrc", "role", "rport",
        "selected-context", "seperm", "seperms", "seuser", "smac", "spid", "terminal", "unit", "uri", "user", "uuid",
        "ver", "virt", "vm-pid"
    ]

    public static let patches: Set<String> = [
        "capcontid", "contid", "ipcns", "mntns", "netns", "old-capcontid", "old-contid", "old_ipcns", "old_mntns",
        "old_netns", "old_pidns", "old_userns", "old_utsns", "pidns", "record", "userns", "utsns"
    ]

    public static let known: Set<String> = kernel.union(auparse).union(dictionary).union(patches)

    /// Whether `name` is a known field, or one of the indexed argument names (`a0`, `a3[2]`, `a1_len`).
    public static func isKnown(_ name: String) -> Bool {
        known.contains(name) || isIndexedArgument(name)
    }

    static func isIndexedArgument(_ name: String) -> Bool {
        var rest = name.utf8[...]
        guard rest.first == 0x61 else { return false }  // 'a'
        rest = rest.dropFirst()
        let digits = rest.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty else { return false }
        rest = rest.dropFirst(digits.count)
        if rest.isEmpty || rest.elementsEqual("_len".utf8) { return true }
        guard rest.first == 0x5B, rest.last == 0x5D else { return false }  // a3[2]
        let index = rest.dropFirst().dropLast()
        return !index.isEmpty && index.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
