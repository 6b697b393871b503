#ifndef AUDITSPEC_CLIBAUDIT_SHIM_H
#define AUDITSPEC_CLIBAUDIT_SHIM_H
#include <libaudit.h>
#include <auparse.h>
#endif
