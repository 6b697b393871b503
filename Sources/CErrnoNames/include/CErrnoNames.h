// The C library's own errno names ("EBUSY" for 16), which Swift's Glibc module hides
// because they are a GNU extension.
#ifndef AUDITSPEC_CERRNONAMES_H
#define AUDITSPEC_CERRNONAMES_H
// The name of an errno value, or NULL when the C library has none.
const char *auditspec_errno_name(int number);
#endif
