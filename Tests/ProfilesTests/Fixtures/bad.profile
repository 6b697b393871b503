# A profile with a mistake on nearly every line.
name      ghak90-v12
name      ghak90-v13
patchset  ghak90
revison   12
record  CONTAINER_OP   10x0 signature opid
record  CONTAINER_ID   1336 signatur contid
record  CONTAINER_OP   1021
rule-field  contid
feature-bit contid 0x90
refusal threded           EBUSY
refusal self              EXDEV
refusal self              EBADSLT
refusal set-again         EEXISTS
refusal same-again        EEXIST  extra
