# nsinfo V6: per-task namespace logging (April 2015).
# Facts from ../shared/spec/nsinfo.md; the item each comes from is named after it.
# n9: V6 numbers AUDIT_NS_INIT_MNT 1330 and AUDIT_NS_INIT_UTS 1331; the rest are
# not stated ("presumably in order" is not a number): unknown.

name      nsinfo-v6
patchset  nsinfo
revision  6

# record NAME NUMBER|unknown [signature FIELD]
record  NS_INFO             unknown  # n3
record  AUDIT_NS_INIT_MNT   1330     # n4, n5, n9
record  AUDIT_NS_INIT_UTS   1331     # n4, n5, n9
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
