import Foundation

/// The vng command line for one boot, and the shell command the guest runs.
///
/// The guest sees the host's root over 9p (read-only, with private overlays and tmpfs for
/// /etc, /tmp, /run...), so it runs the very auditspec binary built on the host, on the same
/// scenario files, from the same working directory. Only `sharedFolder` is writable through
/// to the host: the results file and the guest's output land there.
struct VngInvocation {
    var tools: VMTools
    var image: KernelImage
    /// The file QEMU boots: the image, or its unpacked vmlinux (UnpackedKernel).
    var bootFile: String
    var acceleration: Acceleration
    var sharedFolder: String
    var workingDirectory: String
    /// `auditspec run --vm-guest ...` with absolute paths where it matters.
    var guestArguments: [String]
    /// Where the guest's stdout and stderr go (in `sharedFolder`).
    var guestLog: String
    /// The shell script the guest runs (in `sharedFolder`): `shellCommand`, written there by
    /// `writeGuestScript`. vng passes `--exec` on the kernel command line, which x86 caps at
    /// 2048 bytes (a longer one overflows at boot: "detected buffer overflow in
    /// __fortify_strlen"), and the scenario list alone can exceed that.
    var guestScript: String
    var memory: String
    var cpus: Int
    /// A folder to show the guest at /lib/modules/RELEASE (`--modules`).
    var modulesFolder: String?
    /// The mount namespace vng runs in (nil: the host's own view; see BootNamespace).
    var namespace: BootNamespace?
    /// Where the guest's script writes its command's exit status (vng's own is 255 when
    /// virtme-ng's init, without udev, has no virtio port to return it through).
    var statusFile: String
    /// Where the guest's script says whether its root is cached (GuestRootCache).
    var cacheNote: String
    /// The console's threshold: 6 hides info messages, 8 shows everything (`auditspec vm -v`).
    var consoleLogLevel = 6

    var arguments: [String] {
        var argv = [tools.vng, "--run", bootFile,
                    // The console (ttyS0) on vng's stderr: the host watches it.
                    "--verbose",
                    // Debian 12 has no Rust virtiofsd; 9p needs nothing on the host but QEMU.
                    "--force-9p",
                    "--memory", memory, "--cpus", String(cpus),
                    "--cwd", workingDirectory,
                    "--rwdir", sharedFolder,
                    // Userspace writes to /dev/kmsg are rate-limited by default (10 per 5 s):
                    // the scenario marks must all get through.
                    "--append", "printk.devkmsg=on",
                    // The console shows levels 0-5 (emergency to notice): panics, oopses, BUGs,
                    // WARNINGs, taint notices and the marks (notice), without the hundreds of
                    // info lines of a boot, which an emulated UART prints slowly.
                    "--append", "loglevel=\(consoleLogLevel)",
                    "--append", GuestSide.bootParameter,
                    // Drivers for devices no scenario uses: udev would load them, slowly under emulation.
                    "--append", UnneededModules.bootParameter]
        if acceleration == .tcg { argv.append("--disable-kvm") }
        if let modulesFolder, !image.release.isEmpty, namespace?.modules == nil {
            // Seen by the guest only, once booted: the boot's own modules come from the host's folder.
            argv += ["--rodir", "/lib/modules/\(image.release)=\(modulesFolder)"]
        }
        argv += ["--qemu-opts=" + GuestRootCache.qemuOptions]
        argv += ["--exec", "exec /bin/sh " + Self.quote(guestScript)]
        return namespace?.wrap(argv) ?? argv
    }

    /// Writes `shellCommand` to `guestScript`, before the boot.
    func writeGuestScript() throws {
        try (shellCommand + "\n").write(toFile: guestScript, atomically: true, encoding: .utf8)
    }

    /// Where the guest's scenarios make their private folders (`$tmp`): a tmpfs of its own.
    /// virtme-ng gives the guest an overlay /tmp, whose files the kernel's records name by the
    /// upper layer's device while stat(2) says the overlay's, and whose path watches differ;
    /// on a plain tmpfs a scenario sees what it would on a machine's own /tmp.
    static let scenarioFolder = "/run/auditspec-tmp"

    /// Output to a file, so the host's console stream carries only the kernel's lines and
    /// vng's; the cached root; the scenarios' tmpfs; then `'auditspec' 'run' ...`, and its
    /// exit status to a file.
    var shellCommand: String {
        let binary = URL(fileURLWithPath: guestArguments.first ?? "/").resolvingSymlinksInPath()
        let folder = Self.quote(Self.scenarioFolder)
        return ["exec >\(Self.quote(guestLog)) 2>&1",
                GuestRootCache.setupScript(binaryFolder: binary.deletingLastPathComponent().path, noteFile: cacheNote),
                "mkdir -p \(folder) && mount -t tmpfs -o mode=1777 auditspec-tmp \(folder) && export TMPDIR=\(folder)",
                guestArguments.map(Self.quote).joined(separator: " "),
                "echo $? >\(Self.quote(statusFile))"].joined(separator: "\n")
    }

    static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
