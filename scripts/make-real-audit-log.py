#!/usr/bin/env python3
"""A large audit.log made of records a real kernel logged: the events of SOURCE (an audit.log
written from `auditspec run --capture`, by default the one in Tests/ReplayTests/Fixtures/real-log),
repeated with fresh stamps until the file holds RECORDS records. The SYSCALL event of a file
created under a watch, nearest to four tenths of the way in, gets the key `bench-target`, so a
scenario that expects it passes there; nowhere else is the key written.

Usage: make-real-audit-log.py RECORDS OUT [SOURCE]
"""
import re
import sys

records, out = int(sys.argv[1]), sys.argv[2]
source = sys.argv[3] if len(sys.argv) > 3 else "Tests/ReplayTests/Fixtures/real-log/audit.log"
stamp = re.compile(r"msg=audit\((\d+)\.(\d+):(\d+)\)")

events, current, key = [], [], None
for line in open(source, encoding="utf-8", errors="surrogateescape"):
    match = stamp.search(line)
    if not match:
        continue
    if key is not None and match.group(0) != key:
        events.append(current)
        current = []
    key = match.group(0)
    current.append(line.rstrip("\n"))
if current:
    events.append(current)

def is_target(event):
    return (event[0].startswith("type=SYSCALL") and " syscall=257 " in event[0] and ' key="' in event[0]
            and any("nametype=CREATE" in line and "item=1 " in line for line in event))

target_at = int(records * 0.4)
written, serial, marked = 0, 1, False
with open(out, "w", encoding="utf-8", errors="surrogateescape") as log:
    while written < records:
        for event in events:
            if written >= records:
                break
            serial += 1
            # Time goes forward as in a real log, about 200 events a second.
            new = f"msg=audit({1700000000 + serial // 200}.{(serial % 200) * 5:03d}:{serial})"
            lines = [stamp.sub(new, line, count=1) for line in event]
            if not marked and written >= target_at and is_target(lines):
                lines[0] = re.sub(r' key="[^"]*"', ' key="bench-target"', lines[0])
                marked = True
            elif ' key="bench-target"' in lines[0]:
                lines[0] = lines[0].replace(' key="bench-target"', ' key="bench-other"')
            log.write("\n".join(lines) + "\n")
            written += len(lines)
if not marked:
    sys.exit("no SYSCALL event with a key and a PATH item=1 CREATE in " + source)
