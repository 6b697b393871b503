import Foundation
import TestSupport
import Testing
@testable import VirtualMachine

/// The view of the host that vng and QEMU get: udev and /etc/systemd hidden from the guest's
/// init, the --modules folder at /lib/modules/RELEASE. Checked for real, in a real mount
/// namespace (as root), from inside and from outside.
struct BootNamespaceTests {
    static let mountNamespace = Prerequisite("a mount namespace", unavailableReason:
        BootNamespace.usableUnshare == nil ? "not root, no unshare, or it is refused" : nil)

    @Test func pathsAreHiddenOncePerRealFolderWithTheProgramTheyStop() {
        // /lib is a link to /usr/lib on Debian 12: both spellings of udevd are one file.
        let present = BootNamespace.present(BootNamespace.candidates)
        let paths = present.map(\.path)
        #expect(Set(paths).count == paths.count)
        for entry in present {
            var status = stat()
            #expect(lstat(entry.path, &status) == 0, "\(entry.path) exists on the host")
        }
        let namespace = BootNamespace(hidden: [.init(path: "/usr/lib/systemd/systemd-udevd", stops: "udev"),
                                               .init(path: "/etc/systemd", stops: "systemd-tmpfiles")],
                                      modules: nil, scratch: "/tmp/x", unshare: "/usr/bin/unshare")
        #expect(namespace.summary == "virtme-ng's, without udev and systemd-tmpfiles (hidden from it)")
        // One overlay per folder, a whiteout per name; a failure only slows the boot.
        #expect(namespace.script.contains("mount -t overlay auditspec-hide -o 'lowerdir=/tmp/x/hide-1:/etc' '/etc'"))
        #expect(namespace.script.contains("mknod '/tmp/x/hide-2/systemd-udevd' c 0 0"))
        #expect(!namespace.script.contains("exit 125"))
        #expect(namespace.wrap(["vng", "--run"]).suffix(3) == ["auditspec-vm", "vng", "--run"])
    }

    @Test func aFolderThatOverlayOptionsCannotCarryIsLeftAlone() {
        let namespace = BootNamespace(hidden: [.init(path: "/odd,folder/udevd", stops: "udev")], modules: nil,
                                      scratch: "/tmp/x", unshare: "/usr/bin/unshare")
        #expect(!namespace.script.contains("overlay"))
    }

    @Test(.requires(mountNamespace))
    func insideTheNamespaceUdevAndSystemdAreGoneAndTheModulesAreShown() throws {
        let scratch = NSTemporaryDirectory() + "auditspec-bootns-\(getpid())"
        let modules = scratch + "/modules"
        try FileManager.default.createDirectory(atPath: modules, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        #expect(FileManager.default.createFile(atPath: modules + "/modules.dep", contents: Data("mine\n".utf8)))
        let release = "0.0.0-auditspec-test"
        let namespace = try #require(BootNamespace.make(modules: (modules, release), scratch: scratch))
        #expect(!namespace.hidden.isEmpty, "this machine has udev or /etc/systemd to hide")

        let probe = namespace.hidden.map { "test ! -e \(VngInvocation.quote($0.path)) || echo still-there \(VngInvocation.quote($0.path))" }
            + ["cat /lib/modules/\(release)/modules.dep", "test -e /etc/passwd && echo etc-kept"]
        let run = try Run.command(namespace.wrap(["/bin/sh", "-c", probe.joined(separator: "; ")]), in: "/", timeout: 60)
        #expect(run.status == 0, "\(run.errors)")
        #expect(!run.output.contains("still-there"), "\(run.output)")
        #expect(run.output.contains("mine"), "the modules folder is at /lib/modules/RELEASE: \(run.output)")
        #expect(run.output.contains("etc-kept"), "the rest of /etc is still seen")
        #expect(!run.errors.contains("could not hide"), "\(run.errors)")
        // Outside, nothing changed.
        for entry in namespace.hidden {
            var status = stat()
            #expect(lstat(entry.path, &status) == 0, "\(entry.path) is still there on the host")
        }
        #expect(!FileManager.default.fileExists(atPath: "/lib/modules/\(release)"))
    }

    @Test(.requires(mountNamespace))
    func aModulesFolderThatCannotBeShownEndsTheRunBeforeTheBoot() throws {
        let scratch = NSTemporaryDirectory() + "auditspec-bootns-missing-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let namespace = try #require(BootNamespace.make(modules: (scratch + "/no-such-folder", "0.0.0-x"), scratch: scratch))
        let run = try Run.command(namespace.wrap(["/bin/echo", "booted"]), in: "/", timeout: 60)
        #expect(run.status == 125)
        #expect(!run.output.contains("booted"))
        #expect(run.errors.contains("cannot show \(scratch)/no-such-folder as /lib/modules/0.0.0-x"))
    }
}
