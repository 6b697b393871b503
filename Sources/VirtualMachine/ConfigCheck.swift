import Foundation

/// What a kernel's config must have for `auditspec vm` to boot it and for the suite to mean
/// anything, checked before booting: a kernel that cannot work is explained, not booted into
/// a hang or a run of skips.
public struct ConfigCheck: Sendable {
    /// An option and the values that work, with why auditspec needs it.
    public struct Requirement: Sendable {
        public var option: String
        /// `["y"]` when it must be built in; `["y", "m"]` when a module will do.
        public var accepted: [String]
        public var why: String
    }

    /// Without these nothing can run: each failing one is an error.
    public static let required: [Requirement] = [
        Requirement(option: "CONFIG_AUDIT", accepted: ["y"], why: "the audit subsystem itself: without it there is no audit netlink and nothing to test"),
        Requirement(option: "CONFIG_AUDITSYSCALL", accepted: ["y"], why: "syscall auditing: SYSCALL, PATH and CWD records and every exit rule the scenarios add"),
        Requirement(option: "CONFIG_VIRTIO_PCI", accepted: ["y", "m"], why: "QEMU's virtio devices, which carry the shared root and the guest's output"),
        Requirement(option: "CONFIG_NET_9P", accepted: ["y", "m"], why: "9p, over which the guest mounts the host's root filesystem (and runs auditspec from it)"),
        Requirement(option: "CONFIG_NET_9P_VIRTIO", accepted: ["y", "m"], why: "9p's virtio transport"),
        Requirement(option: "CONFIG_9P_FS", accepted: ["y", "m"], why: "the 9p filesystem for the shared root and the results folder"),
        Requirement(option: "CONFIG_VIRTIO_CONSOLE", accepted: ["y", "m"], why: "virtio-serial, over which virtme-ng runs the guest command and returns its exit status"),
        Requirement(option: "CONFIG_SERIAL_8250_CONSOLE", accepted: ["y"], why: "the serial console (ttyS0) that auditspec watches for panics, oopses and WARNINGs"),
        Requirement(option: "CONFIG_DEVTMPFS", accepted: ["y"], why: "/dev in the guest"),
        Requirement(option: "CONFIG_TMPFS", accepted: ["y"], why: "the guest's private /run and /tmp"),
        Requirement(option: "CONFIG_OVERLAY_FS", accepted: ["y", "m"], why: "virtme-ng's writable overlays over the read-only shared root"),
        Requirement(option: "CONFIG_PRINTK", accepted: ["y"], why: "the console messages auditspec reads"),
    ]

    /// Without these some scenarios skip or fail: each failing one is a warning.
    public static let recommended: [Requirement] = [
        Requirement(option: "CONFIG_NET_NS", accepted: ["y"], why: "private network namespaces ('netns' steps)"),
        Requirement(option: "CONFIG_NETFILTER_XT_TARGET_AUDIT", accepted: ["y", "m"], why: "iptables' AUDIT target (netfilter scenarios skip without it)"),
        Requirement(option: "CONFIG_BLK_DEV_INITRD", accepted: ["y"], why: "virtme-ng's initramfs, which loads 9p and virtio when they are modules"),
    ]

    public var errors: [String] = []
    public var warnings: [String] = []
    /// Options the boot needs that are modules (`CONFIG_9P_FS=m`): their modules must exist.
    public var neededModules: [String] = []

    public var isBootable: Bool { errors.isEmpty }

    /// Checks `config`; `modulesFolder` is where the release's modules are (nil: none found).
    public init(_ config: KernelConfig, modulesFolder: String?) {
        for requirement in Self.required {
            let value = config[requirement.option]
            if !requirement.accepted.contains(value) {
                errors.append("\(requirement.option) is \(Self.spell(value)), needs \(requirement.accepted.joined(separator: " or ")): \(requirement.why)")
            } else if value == "m" {
                neededModules.append(requirement.option)
            }
        }
        for requirement in Self.recommended where !requirement.accepted.contains(config[requirement.option]) {
            warnings.append("\(requirement.option) is \(Self.spell(config[requirement.option])): \(requirement.why)")
        }
        if !neededModules.isEmpty {
            if config["CONFIG_MODULES"] != "y" {
                errors.append("\(neededModules.joined(separator: ", ")) are modules but CONFIG_MODULES is \(Self.spell(config["CONFIG_MODULES"]))")
            } else if modulesFolder == nil {
                errors.append("\(neededModules.joined(separator: ", ")) are built as modules (=m) and this kernel's modules are not in "
                              + "/lib/modules/RELEASE, where virtme-ng loads them from at boot: give them with --modules (as root, they are "
                              + "shown there to the boot), install them there (make modules_install), or build these options in (=y)")
            }
        }
    }

    static func spell(_ value: String) -> String {
        value == "n" ? "not set" : "'\(value)'"
    }

    /// The explanation of a kernel that cannot be used.
    public func explanation(for config: KernelConfig) -> String {
        "this kernel cannot run the suite (config \(config.source)):\n" + errors.map { "  - " + $0 }.joined(separator: "\n")
    }
}
