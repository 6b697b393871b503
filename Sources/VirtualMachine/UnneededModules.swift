/// Modules the guest is told never to load (`modprobe.blacklist=`), because nothing a scenario
/// does needs them and loading them under software emulation makes a boot slow.
///
/// virtme-ng starts udev, which loads a driver for every device QEMU's q35 machine brings, and
/// under emulation loading and probing each one is slow; these are the ones that serve nothing
/// here. The guest's root and the shared folders are 9p (loaded by virtme-ng's initramfs,
/// before udev), and audit, netfilter and namespaces load what they need on demand, none of it
/// listed here.
enum UnneededModules {
    static let byReason: [(reason: String, modules: [String])] = [
        ("nested virtualization: the guest runs no VMs", ["kvm", "kvm_amd", "kvm_intel"]),
        ("disks and the CD-ROM: the root is shared over 9p", ["ahci", "libahci", "libata", "scsi_mod", "scsi_common", "sr_mod", "cdrom", "sg"]),
        ("watchdogs and the LPC/SMBus chipset functions", ["i6300esb", "iTCO_wdt", "iTCO_vendor_support", "intel_pmc_bxt", "watchdog",
                                                            "lpc_ich", "i2c_i801", "i2c_smbus", "qemu_fw_cfg"]),
        ("input devices, the PC speaker and the power button", ["evdev", "psmouse", "serio_raw", "pcspkr", "button"]),
        ("CPU-accelerated crypto (the generic code is built in) and CPU frequency drivers",
         ["crct10dif_pclmul", "crc32_pclmul", "crc32c_intel", "ghash_clmulni_intel", "polyval_clmulni", "polyval_generic",
          "sha1_ssse3", "sha256_ssse3", "sha512_ssse3", "aesni_intel", "crypto_simd", "cryptd",
          "powernow_k8", "acpi_cpufreq", "pcc_cpufreq"]),
    ]

    /// The kernel command line parameter.
    static var bootParameter: String {
        "modprobe.blacklist=" + byReason.flatMap(\.modules).joined(separator: ",")
    }
}
