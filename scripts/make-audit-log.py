#!/usr/bin/env python3
"""Writes a synthetic audit.log of N records for benchmarks: syscall events (SYSCALL, CWD,
PATH x2, PROCTITLE, as auditd writes them, without EOE), some NETFILTER_PKT and USER records,
with realistic field sets, lengths and time stamps. One event in the middle carries the key the benchmark
scenario looks for, so matching has something to find and everything else to reject."""
import sys

def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make-audit-log.py RECORDS FILE")
    total, path = int(sys.argv[1]), sys.argv[2]
    title = "7065726C002D65006F70656E286D792024662C20223E222C20222F746D702F78222920";
    written = serial = 0
    with open(path, "w") as out:
        while written < total:
            serial += 1
            # Time advances as in a real log (about 200 events a second): tools that close an
            # event when later records arrive, as ausearch does, need it to.
            stamp = f"msg=audit({1700000000 + serial // 200}.{(serial % 200) * 5:03d}:{serial})"
            key = '"bench-target"' if serial == total // 10 + 1 else '"bench-noise"'
            if serial % 10 == 0:
                out.write(f"type=NETFILTER_PKT {stamp}: mark=0x{serial:x} saddr=127.0.0.1 daddr=127.0.0.1 proto=1\n")
                written += 1
                continue
            if serial % 10 == 5:
                out.write(f"type=USER {stamp}: pid={serial % 30000} uid=0 auid=4294967295 ses=4294967295 msg='text=hello exe=\"/usr/bin/logger\" hostname=? addr=? terminal=? res=success'\n")
                written += 1
                continue
            pid = 1000 + serial % 30000
            out.write(f"type=SYSCALL {stamp}: arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=55d0c1f0e2a0 a2=241 a3=1b6 items=2 ppid=1 pid={pid} auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"perl\" exe=\"/usr/bin/perl\" key={key}\n")
            out.write(f"type=CWD {stamp}: cwd=\"/root\"\n")
            out.write(f"type=PATH {stamp}: item=0 name=\"/tmp/\" inode=8985 dev=00:26 mode=041777 ouid=0 ogid=0 rdev=00:00 nametype=PARENT cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0\n")
            out.write(f"type=PATH {stamp}: item=1 name=\"/tmp/x{serial}\" inode={serial} dev=00:26 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=CREATE cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0\n")
            out.write(f"type=PROCTITLE {stamp}: proctitle={title}\n")
            written += 5

if __name__ == "__main__":
    main()
