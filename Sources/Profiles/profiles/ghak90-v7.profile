# ghak90 V7: the audit container identifier as posted in V7.
# Facts from ../shared/spec/ghak90.md; the item each comes from is named after it.
# One fact a line: a key, then its words; '#' starts a comment. Copy this file to
# describe another revision, and pass it with --profile PATH.

name      ghak90-v7
patchset  ghak90
revision  7                  # revision conditions ([ghak90 >= v10]) compare this

# record NAME NUMBER|unknown [signature FIELD]: the type number the revision gives a
# record of the patch. signature: the field only the patch's record carries; a record
# whose number mainline also uses takes NAME only when it has that field.
record  CONTAINER_OP   1020 signature opid        # b table
record  CONTAINER_ID   1334 signature contid      # b table (1334 is mainline's BPF)
record  SET_CAPCONTID  1022 signature capcontid   # b table, b8 (V7+)

# rule-field NAME NUMBER: a rule field (-F contid=N) libaudit may not know.
rule-field  contid 27                             # b table, d17 (AUDIT_CONTID)

# feature-bit NAME BIT: the patch's bit of the audit status feature bitmap.
feature-bit contid 0x80                           # b table

# refusal NAME ERRNO|accepted: what a write that a scenario ends in '=> NAME' gives
# under this revision ('accepted': the revision lets it succeed). A name left out is
# one the spec does not state for this revision: a scenario using it is told so.
refusal threaded          EALREADY     # c16: EALREADY in V3-V8
refusal self              EBADSLT      # c16: V7-V8 self EBADSLT
refusal set-again         ECHILD       # c16: V7-V8 already set ECHILD
refusal same-again        EADDRINUSE   # c16: V7-V8 same value again EADDRINUSE
# The other names are not stated for V7 (c16 lists V8's errnos only): left out.
