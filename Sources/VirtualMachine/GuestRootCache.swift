import Foundation

/// The host's root shared a second time, read-only and cached by the guest, so that the
/// programs a scenario starts again and again are read over 9p once.
///
/// virtme-ng mounts the guest's root over 9p without a cache: every start of a program reads
/// its file again from the host, and every 9p read is a round trip through the emulated
/// virtio device. A scenario starts programs again and again (the guest's auditspec, a large
/// statically linked file, and the tools its actions run, perl or iptables), so under emulation
/// those reads, not the scenario's own work, would make most of its time. Cached, each file
/// is read once per boot.
///
/// A 9p channel carries one mount, so the cached root is a QEMU export of its own
/// (`qemuOptions`, given to vng), which the guest's script mounts with `cache=loose`
/// (`setupScript`) and binds over /usr and over the folder of the auditspec binary. Those are
/// read-only in the guest anyway, and the host does not change them during a run, which is
/// what makes a loose cache safe. Mounts that virtme-ng put under /usr (the modules folder,
/// say) are bound again on top; its writable overlays there are the only ones left below. A
/// step that fails undoes the binding of /usr, and the run goes on uncached; if only the binary's
/// folder cannot be bound, /usr stays cached. The note file says which (`describe`).
enum GuestRootCache {
    static let mountTag = "auditspec.root"
    /// Where the guest mounts it (/run is the guest's own tmpfs).
    static let mountPoint = "/run/auditspec-root"
    /// The note's last line when /usr is cached but the binary's folder could not be bound.
    static let usrOnly = "cached, but not the binary folder"

    /// For vng's `--qemu-opts=`: a read-only 9p export of the host's root (remapping inode
    /// numbers across its filesystems, as virtme-ng does for its own).
    static var qemuOptions: String {
        "-fsdev local,id=auditspecroot,path=/,security_model=none,readonly=on,multidevs=remap "
            + "-device virtio-9p-pci,fsdev=auditspecroot,mount_tag=\(mountTag)"
    }

    /// What the report says of the note the guest's script wrote.
    static func describe(note: String) -> String {
        let lines = note.split(separator: "\n").map(String.init)
        switch lines.last {
        case "cached": return "cached (a second read-only 9p export, cache=loose, over /usr and the binary's folder)"
        case usrOnly: return "cached over /usr only (the binary's folder could not be bound): " + lines.joined(separator: "; ")
        default: return "uncached: " + lines.joined(separator: "; ")
        }
    }

    /// The guest's shell (POSIX sh) that sets the cache up for `binaryFolder` and writes what
    /// came of it ("cached" or why not) to `noteFile`.
    static func setupScript(binaryFolder: String, noteFile: String) -> String {
        let q = VngInvocation.quote
        // Under /usr it is cached already; the root itself is not rebound.
        let bindBinary = binaryFolder.hasPrefix("/usr/") || binaryFolder == "/usr" || binaryFolder == "/" ? ""
            : "  mount --bind \(q(mountPoint + binaryFolder)) \(q(binaryFolder)) || { echo '\(usrOnly)'; return; }\n"
        return """
            auditspec_cache() {
              command -v awk >/dev/null || { echo 'no awk in the guest'; return; }
              mkdir -p \(mountPoint) /run/auditspec-keep || { echo 'cannot make \(mountPoint)'; return; }
              mount -t 9p -o ro,trans=virtio,version=9p2000.L,access=any,msize=512000,cache=loose \(mountTag) \(mountPoint) \
            || { echo 'the cached root did not mount'; return; }
              keep=$(awk '{ for (i = 7; $i != "-"; i++); if ($5 ~ /^\\/usr\\// && $(i + 2) !~ /^virtme_rw_overlay/) print $5 }' /proc/self/mountinfo)
              n=0
              for m in $keep; do n=$((n + 1)); mkdir -p /run/auditspec-keep/$n && mount --bind "$m" /run/auditspec-keep/$n \
            || { echo "cannot keep the mount at $m"; return; }; done
              mount --bind \(mountPoint)/usr /usr || { echo 'binding /usr failed'; return; }
              n=0
              for m in $keep; do n=$((n + 1)); mount --bind /run/auditspec-keep/$n "$m" \
            || { umount -l /usr; echo "the mount at $m could not be kept"; return; }; done
            \(bindBinary)  echo cached
            }
            auditspec_cache >\(q(noteFile)) 2>&1
            cd "$PWD"
            """
    }
}
