#define _GNU_SOURCE
#include <string.h>
#include "CErrnoNames.h"

const char *auditspec_errno_name(int number) {
    return strerrorname_np(number);
}
