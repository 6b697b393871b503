#!/usr/bin/env bash
# Installs PACKAGE.deb into a copy of this machine's root in which Swift does not exist (an
# overlay over /, its writes kept in memory, /opt/swift and /work hidden), then runs the
# packaged auditspec from there: the help, run, check, and vm booting KERNEL-FOLDER's bzImage
# with its config. Nothing reaches the real root: the mount namespace and the overlay end with
# this script. /run is shared, so the machine lock still serializes the run with others.
#   install-package.sh PACKAGE.deb REPLAY-LOG KERNEL-FOLDER
set -euo pipefail
package=$(readlink -f "$1")
log=$(readlink -f "$2")
kernel=$(readlink -f "$3")
top=$(mktemp -d /tmp/auditspec-package.XXXXXX)
trap 'rm -rf "$top"' EXIT
mkdir -p "$top/rw" "$top/root" "$top/in"
cp "$package" "$log" "$kernel/bzImage" "$kernel/config" "$top/in/"
unshare --mount --propagation private bash -s "$top" "$(basename "$package")" "$(basename "$log")" <<'INNER'
set -euo pipefail
top=$1 deb=$2 log=$3
mount -t tmpfs tmpfs "$top/rw"
mkdir "$top/rw/upper" "$top/rw/work"
mount -t overlay overlay -o "lowerdir=/,upperdir=$top/rw/upper,workdir=$top/rw/work" "$top/root"
for hidden in /opt/swift /work; do [ -d "$top/root$hidden" ] && mount -t tmpfs tmpfs "$top/root$hidden"; done
for shared in /proc /sys /dev /run; do mount --rbind "$shared" "$top/root$shared"; done
# A plain /tmp, as the machine's own: in the overlay, a file's device in audit records (the
# upper layer's) is not the one stat(2) gives (the overlay's), which scenarios compare.
mount -t tmpfs -o mode=1777 tmpfs "$top/root/tmp"
mkdir -p "$top/root/in"
mount --bind "$top/in" "$top/root/in"
chroot "$top/root" /bin/sh -s "$deb" "$log" <<'CHROOT'
set -e
if command -v swift >/dev/null 2>&1 || [ -n "$(ls /opt/swift 2>/dev/null)" ]; then echo "swift is still here"; exit 3; fi
echo "no swift"
dpkg -i "/in/$1" >/dev/null
echo "installed $(dpkg-query -W -f='${Version}' auditspec)"
auditspec --help | head -1
cd /usr/share/auditspec
auditspec run scenarios/baseline 2>&1 | tail -1
auditspec check --log "/in/$2" --profile ghak90-v5 scenarios/ghak90/contid-set.scenario 2>/dev/null | tail -1
auditspec vm --kernel /in/bzImage --config /in/config scenarios/ghak90/contid-set.scenario 2>/dev/null | tail -1
CHROOT
INNER
