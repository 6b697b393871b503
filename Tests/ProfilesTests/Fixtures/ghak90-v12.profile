# A revision nobody posted: what a patch author posting V12 would write.
name      ghak90-v12
patchset  ghak90
revision  12

record  CONTAINER_OP   1040 signature opid
record  CONTAINER_ID   1336 signature contid
record  SET_CAPCONTID  1022 signature capcontid
rule-field  contid 27
feature-bit contid 0x80
refusal threaded  EBUSY
