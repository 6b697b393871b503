import Foundation

/// The programs the VM path runs on the host, found before anything starts, so that a missing
/// one is named with the way to install it rather than failing halfway through a boot.
public struct VMTools: Sendable {
    /// virtme-ng's command line.
    public var vng: String
    public var qemu: String

    /// Where scripts/setup installs virtme-ng (a virtual environment: Debian 12 has no package).
    public static let setupVenv = "/opt/auditspec-venv"

    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws(VMError) -> VMTools {
        var missing: [String] = []
        var vng: String?
        if let given = environment["AUDITSPEC_VNG"] {
            // A wrong path would otherwise surface only as a boot that ends with status 127.
            vng = FileManager.default.isExecutableFile(atPath: given) ? given : nil
            if vng == nil { missing.append("vng: AUDITSPEC_VNG names \(given), which is not an executable file") }
        } else {
            vng = search("vng", environment: environment, extra: [setupVenv + "/bin"])
            if vng == nil {
                missing.append("vng (virtme-ng, from PyPI): scripts/setup installs it in \(setupVenv); or: python3 -m venv \(setupVenv) && \(setupVenv)/bin/pip install virtme-ng")
            }
        }
        let qemu = search("qemu-system-x86_64", environment: environment, extra: [])
        if qemu == nil {
            missing.append("qemu-system-x86_64: apt-get install qemu-system-x86 (scripts/setup does)")
        }
        if search("busybox", environment: environment, extra: []) == nil {
            missing.append("busybox (virtme-ng builds the guest's initramfs with it): apt-get install busybox-static (scripts/setup does)")
        }
        guard let vng, let qemu, missing.isEmpty else {
            throw VMError(.environment, "missing what booting a kernel needs:\n" + missing.map { "  - " + $0 }.joined(separator: "\n"))
        }
        return VMTools(vng: vng, qemu: qemu)
    }

    /// A program in PATH or one of `extra`, as an absolute path.
    static func search(_ name: String, environment: [String: String], extra: [String]) -> String? {
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for folder in path + extra + ["/usr/sbin", "/sbin"] where !folder.isEmpty {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The PATH the guest's vng run gets: vng's folder first (it runs its own helpers), then ours.
    public func environment(base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var result = base
        let folder = (vng as NSString).deletingLastPathComponent
        result["PATH"] = folder + ":" + (base["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
        return result
    }
}
