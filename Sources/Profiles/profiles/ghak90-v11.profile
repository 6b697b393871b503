# ghak90 V11: the audit container identifier as posted in V11.
# Facts from ../shared/spec/ghak90.md; the item each comes from is named after it.
# One fact a line: a key, then its words; '#' starts a comment. Copy this file to
# describe another revision, and pass it with --profile PATH.

name      ghak90-v11
patchset  ghak90
revision  11                  # revision conditions ([ghak90 >= v10]) compare this

# record NAME NUMBER|unknown [signature FIELD]: the type number the revision gives a
# record of the patch. signature: the field only the patch's record carries; a record
# whose number mainline also uses takes NAME only when it has that field.
record  CONTAINER_OP   1020 signature opid        # b table
record  CONTAINER_ID   1336 signature contid      # b table (1336 is mainline's URINGOP)
record  SET_CAPCONTID  1022 signature capcontid   # b table, b8 (V7+)

# rule-field NAME NUMBER: a rule field (-F contid=N) libaudit may not know.
rule-field  contid 27                             # b table, d17 (AUDIT_CONTID)

# feature-bit NAME BIT: the patch's bit of the audit status feature bitmap.
feature-bit contid 0x80                           # b table

# refusal NAME ERRNO|accepted: what a write that a scenario ends in '=> NAME' gives
# under this revision ('accepted': the revision lets it succeed). A name left out is
# one the spec does not state for this revision: a scenario using it is told so.
refusal target-gone       ESRCH        # c13.1
refusal offset-not-zero   EINVAL       # c13.2
refusal not-a-number      EINVAL       # c13.3
refusal overflow          ERANGE       # c13.3
refusal no-audit-data     ENOPROTOOPT  # c13.4
refusal unset-value       EINVAL       # c13.5
refusal no-capability     EPERM        # c13.6
refusal has-children      EBUSY        # c13.7
refusal threaded          EBUSY        # c13.7; c16: EBUSY from V9
refusal self              EXDEV        # c13.8
refusal not-descendant    EXDEV        # c13.8
refusal set-again         EEXIST       # c13.9
refusal same-again        EEXIST       # c13.9 (and c section: the same value again EEXIST)
refusal owned-by-another  ENOTUNIQ     # c13.10
