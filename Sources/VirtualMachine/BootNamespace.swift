import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The host's filesystem as vng and QEMU see it: a private mount namespace, made by
/// `unshare --mount`, in which a few paths differ. The guest's root is this view shared over 9p,
/// so the guest sees the same; the host itself, and every other process, see nothing change,
/// and the namespace ends with QEMU.
///
/// - Hidden (by overlay whiteouts): what makes virtme-ng's init slow under emulation and is of
///   no use to a scenario. udev's coldplug loads and probes a driver for every emulated device
///   and its settle waits for all of them, and systemd-tmpfiles walks the filesystem: emulated,
///   that is most of a boot. The guest needs none of it: 9p and virtio come from the initramfs,
///   devtmpfs makes /dev, and audit, netfilter and namespaces load their modules on demand
///   through the kernel's modprobe call.
/// - Shown (by a bind mount): the `--modules` folder at /lib/modules/RELEASE, where virtme-ng
///   takes the boot's own modules (9p, virtio) for its initramfs and where the guest's
///   modprobe looks, so a kernel whose modules are installed nowhere else boots.
///
/// Mounting needs root; without it (or without a working `unshare`) vng runs in the host's own view:
/// udev runs, and the modules folder is mounted in the guest only (`--rodir`), after the boot.
public struct BootNamespace: Sendable {
    /// A path to hide, and the program of the guest's init that it stops.
    struct Hidden: Sendable, Equatable {
        var path: String
        var stops: String
    }

    /// What virtme-ng's init looks for (virtme_ng_init/src/main.rs: `find_udevd`, and
    /// `run_systemd_tmpfiles`, which runs only when /etc/systemd exists).
    static let candidates: [Hidden] = {
        ["/usr/lib/systemd/systemd-udevd", "/lib/systemd/systemd-udevd"].map { Hidden(path: $0, stops: "udev") }
            + ["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin"].map { Hidden(path: $0 + "/udevd", stops: "udev") }
            + [Hidden(path: "/etc/systemd", stops: "systemd-tmpfiles")]
    }()

    /// The paths to hide, each once under its real folder (/lib is a link to /usr/lib on Debian).
    var hidden: [Hidden]
    /// The `--modules` folder, shown at /lib/modules/`release`.
    var modules: (folder: String, release: String)?
    /// Where the whiteouts are made (a folder of the run's own).
    var scratch: String
    var unshare: String

    /// The namespace for a boot, or nil when it cannot be made here.
    static func make(modules: (folder: String, release: String)?, scratch: String) -> BootNamespace? {
        guard let unshare = usableUnshare else { return nil }
        // Without /lib/modules to mount over, the folder is shown to the booted guest only (--rodir).
        return BootNamespace(hidden: present(candidates), modules: canShowModules ? modules : nil, scratch: scratch, unshare: unshare)
    }

    /// `unshare`, when it can make a mount namespace here: as root, and not in a container
    /// that refuses it (tried once, with `true`).
    static let usableUnshare: String? = {
        guard geteuid() == 0, let unshare = VMTools.search("unshare", environment: ProcessInfo.processInfo.environment, extra: []) else {
            return nil
        }
        let trial = Process()
        trial.executableURL = URL(fileURLWithPath: unshare)
        trial.arguments = ["--mount", "--propagation", "private", "--", "/bin/true"]
        trial.standardOutput = FileHandle.nullDevice
        trial.standardError = FileHandle.nullDevice
        do { try trial.run() } catch { return nil }
        trial.waitUntilExit()
        return trial.terminationStatus == 0 ? unshare : nil
    }()

    /// Whether `--modules` can be shown at /lib/modules/RELEASE for the boot itself here.
    public static var canShowModules: Bool {
        usableUnshare != nil && FileManager.default.fileExists(atPath: "/lib/modules")
    }

    /// The candidates that exist, as real paths (a dangling link counts: it is what init tests).
    static func present(_ candidates: [Hidden]) -> [Hidden] {
        var seen = Set<String>()
        return candidates.compactMap { candidate in
            var status = stat()
            guard lstat(candidate.path, &status) == 0 else { return nil }
            let url = URL(fileURLWithPath: candidate.path)
            let folder = url.deletingLastPathComponent().resolvingSymlinksInPath().path
            let real = folder + "/" + url.lastPathComponent
            guard seen.insert(real).inserted else { return nil }
            return Hidden(path: real, stops: candidate.stops)
        }
    }

    /// `argv` run in the namespace.
    func wrap(_ argv: [String]) -> [String] {
        [unshare, "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script, "auditspec-vm"] + argv
    }

    /// The shell that sets the namespace up, then becomes `argv`. A path that cannot be hidden
    /// only slows the boot (said on the console); a modules folder that cannot be shown would
    /// boot the wrong modules, so that ends the run before the boot (status 125).
    var script: String {
        var lines = ["set -u"]
        // One read-only overlay per folder: its top layer holds a whiteout (a 0:0 character
        // device) for each name to hide. Overlay options cannot carry ',', ':' or '\'.
        let byFolder = Dictionary(grouping: hidden) { ($0.path as NSString).deletingLastPathComponent }
        for (index, folder) in byFolder.keys.sorted().enumerated() {
            let names = byFolder[folder]!.map { ($0.path as NSString).lastPathComponent }
            let layer = "\(scratch)/hide-\(index + 1)"
            let what = names.map { folder + "/" + $0 }.joined(separator: ", ")
            guard !(layer + folder).contains(where: { ",:\\ \n".contains($0) }) else { continue }
            let steps = ["mkdir -p \(quote(layer))"] + names.map { "mknod \(quote(layer + "/" + $0)) c 0 0" }
                + ["mount -t overlay auditspec-hide -o \(quote("lowerdir=\(layer):\(folder)")) \(quote(folder))"]
            lines.append(steps.joined(separator: " && ")
                         + " || echo \(quote("auditspec: could not hide \(what) from the guest: its init will run it (a slower boot)")) >&2")
        }
        if let modules {
            let target = "/lib/modules/" + modules.release
            lines.append("mount -t tmpfs -o mode=0755 auditspec-modules /lib/modules && mkdir \(quote(target)) "
                         + "&& mount --bind \(quote(modules.folder)) \(quote(target)) "
                         + "|| { echo \(quote("auditspec: cannot show \(modules.folder) as \(target) to vng and the guest")) >&2; exit 125; }")
        }
        lines.append("exec \"$@\"")
        return lines.joined(separator: "\n")
    }

    /// What the report says of the guest's init.
    var summary: String {
        var stopped: [String] = []
        for entry in hidden where !stopped.contains(entry.stops) { stopped.append(entry.stops) }
        return stopped.isEmpty ? "virtme-ng's, whole (none of udev and systemd-tmpfiles here)"
            : "virtme-ng's, without " + stopped.joined(separator: " and ") + " (hidden from it)"
    }

    private func quote(_ word: String) -> String { VngInvocation.quote(word) }
}
