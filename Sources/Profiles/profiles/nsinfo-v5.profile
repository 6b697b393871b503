# nsinfo V5: per-task namespace logging (October 2014, the seed letter).
# Facts from ../shared/spec/nsinfo.md; the item each comes from is named after it.
# n9: the V5 numbers were not found: every type is unknown, and a scenario
# naming one is told so; the suite does not guess.

name      nsinfo-v5
patchset  nsinfo
revision  5

# record NAME NUMBER|unknown [signature FIELD]
record  NS_INFO             unknown  # n3
record  AUDIT_NS_INIT_MNT   unknown  # n4, n5
record  AUDIT_NS_INIT_UTS   unknown  # n4, n5
record  AUDIT_NS_INIT_IPC   unknown  # n4, n5
record  AUDIT_NS_INIT_USER  unknown  # n4, n5
record  AUDIT_NS_INIT_PID   unknown  # n4, n5
record  AUDIT_NS_INIT_NET   unknown  # n4, n5
record  AUDIT_NS_DEL_MNT    unknown  # n6
record  AUDIT_NS_DEL_UTS    unknown  # n6
record  AUDIT_NS_DEL_IPC    unknown  # n6
record  AUDIT_NS_DEL_USER   unknown  # n6
record  AUDIT_NS_DEL_PID    unknown  # n6
record  AUDIT_NS_DEL_NET    unknown  # n6
