// swift-tools-version: 6.0
// auditspec: a compliance test suite for Linux kernel audit patches.
//
// The layout is the architecture (see docs/architecture.md); scripts/check-imports checks that
// every module a target imports is listed in its dependencies:
//   AuditRecords      records, their parser, event assembly, libaudit's record-type names (knows nothing of the kernel)
//   ScenarioLanguage  scenario files -> typed Scenario values, and the checks of record types,
//                     field names and values against the name tables   (knows nothing of the kernel)
//   Matching          expectations x events -> verdicts with diffs
//   Attribution       which events are one scenario's (its processes, key, mark)   (knows nothing of the kernel)
//   POSIXSupport      processes, namespaces, agents, waits and signals, /proc files, the machine lock (nothing of audit)
//   AuditKernel       audit netlink, rules, settings, multicast, state snapshot and restore, probes
//                     (on POSIXSupport; knows nothing of scenarios)
//   Runner            runs a Scenario through AuditKernel and Matching
//   Reporters         console, JUnit and JSON output from results (and JSON back in)
//   RecordDrafts      draft expect blocks from the records a run received (auditspec record)
//   VirtualMachine    boots a kernel under test with vng/QEMU, runs the guest side, watches its console
//   auditspec         the thin command line
//   CPOSIX (under POSIXSupport), CAuditNetlink (under AuditKernel), CErrnoNames: the C helpers
import PackageDescription

let package = Package(
    name: "auditspec",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "auditspec", targets: ["auditspec"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CLibAudit", pkgConfig: "audit",
                       providers: [.apt(["libaudit-dev", "libauparse-dev"])]),
        // C helpers: POSIX calls Swift cannot make (signals, clone3, the agent's socket), and the
        // parts of libaudit's netlink client whose structs Swift cannot use.
        .target(name: "CPOSIX"),
        .target(name: "CAuditNetlink", dependencies: ["CLibAudit"]),
        // A scenario's process that makes, on request, the system calls that must come from it
        // (a /proc write by the target itself, a sibling, a parent); beside the auditspec binary.
        .executableTarget(name: "auditspec-agent", dependencies: ["CPOSIX", "CLibAudit"]),
        // scripts/bench-overhead: the per-scenario overhead, phase by phase and through the real runner.
        .executableTarget(name: "auditspec-bench", dependencies: ["AuditKernel", "POSIXSupport", "Runner", "ScenarioLanguage", "Matching", "Profiles"]),
        .target(name: "CErrnoNames"),
        // Errno and FileDescriptor: typed values at the C boundary, below everything that names an errno.
        .target(name: "SystemTypes", dependencies: ["CErrnoNames"]),
        // Records may use libauparse to interpret values (uid=0 as root, syscall=257 as openat):
        // a userspace library, not the kernel.
        .target(name: "AuditRecords", dependencies: ["CLibAudit"]),
        // Per-revision tables of the patchsets under test: pure data, read from profile files
        // (the built-in ones in profiles/, copied beside the binary by the build).
        .target(name: "Profiles", dependencies: ["SystemTypes"], resources: [.copy("profiles")]),
        .target(name: "ScenarioLanguage", dependencies: ["AuditRecords", "Profiles", "SystemTypes"]),
        .target(name: "Matching", dependencies: ["AuditRecords", "ScenarioLanguage", "SystemTypes"]),
        .target(name: "Attribution", dependencies: ["AuditRecords"]),
        // Processes, namespaces, agents, waits and signals, /proc files: nothing of audit.
        .target(name: "POSIXSupport", dependencies: ["CPOSIX", "SystemTypes"]),
        .target(name: "AuditKernel", dependencies: ["CLibAudit", "CAuditNetlink", "CPOSIX", "POSIXSupport", "SystemTypes"]),
        .target(name: "Runner", dependencies: ["AuditRecords", "ScenarioLanguage", "Matching", "Attribution", "AuditKernel", "POSIXSupport", "Profiles",
                                               "SystemTypes"]),
        .target(name: "Reporters", dependencies: ["AuditRecords", "Matching", "ScenarioLanguage"]),
        // Drafts of expect blocks from the records a run received (auditspec record): records and the language.
        .target(name: "RecordDrafts", dependencies: ["AuditRecords", "Matching", "ScenarioLanguage"]),
        // Poller and the signal trap from POSIXSupport (waits); results from Matching and Reporters.
        .target(name: "VirtualMachine", dependencies: ["POSIXSupport", "CPOSIX", "Matching", "Reporters"]),
        .executableTarget(name: "auditspec", dependencies: [
            "Runner", "Reporters", "RecordDrafts", "AuditKernel", "POSIXSupport", "AuditRecords", "ScenarioLanguage", "Matching", "Profiles",
            "VirtualMachine", "SystemTypes",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // A benchmark-style fuzz run of the scenario and record parsers (scripts/fuzz).
        .executableTarget(name: "auditspec-fuzz", dependencies: ["AuditRecords", "ScenarioLanguage", "Matching"]),
        .testTarget(name: "FuzzTests", dependencies: ["auditspec-fuzz", "AuditRecords", "ScenarioLanguage", "Matching"]),
        // What the live test targets share: the AUDITSPEC_REQUIRE_LIVE rule, the machine lock, paths.
        .target(name: "TestSupport", dependencies: ["AuditKernel", "POSIXSupport"], path: "Tests/TestSupport"),
        .testTarget(name: "SystemTypesTests", dependencies: ["SystemTypes"]),
        .testTarget(name: "AuditRecordsTests", dependencies: ["AuditRecords"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ScenarioLanguageTests", dependencies: ["ScenarioLanguage", "Profiles", "AuditRecords"]),
        .testTarget(name: "ProfilesTests", dependencies: ["Profiles", "Runner", "AuditRecords", "AuditKernel", "TestSupport", "auditspec", "Matching",
                                                   "Reporters", "ScenarioLanguage"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "ScenarioLanguage", "AuditRecords"]),
        .testTarget(name: "AttributionTests", dependencies: ["Attribution", "Matching", "ScenarioLanguage", "AuditRecords"]),
        // The runner's pure parts: which scenarios run alone, and the order of a --jobs run.
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "ScenarioLanguage", "Matching"]),
        // With the real binary: docs/coverage.md is what `auditspec coverage --markdown` writes now.
        .testTarget(name: "ReportersTests", dependencies: ["Reporters", "Matching", "AuditRecords", "ScenarioLanguage", "TestSupport", "auditspec"]),
        // Drafts written from fixture records, parsed back and matched against the same records.
        .testTarget(name: "RecordDraftsTests", dependencies: ["RecordDrafts", "Runner", "Matching", "ScenarioLanguage", "AuditRecords", "Profiles", "Reporters"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ReplayTests", dependencies: ["Runner", "ScenarioLanguage", "Matching", "AuditRecords", "Profiles", "Reporters",
                                                      "TestSupport", "auditspec"],
                    resources: [.copy("Fixtures")]),
        // The kernel-side primitives on this machine's kernel: processes, namespaces, writers, rules.
        .testTarget(name: "AuditKernelTests", dependencies: ["TestSupport", "AuditKernel", "POSIXSupport", "CPOSIX", "SystemTypes", "auditspec-agent"]),
        // Config checks and console parsing on fixtures; and the real binary booting Debian's kernel.
        .testTarget(name: "VirtualMachineTests", dependencies: ["TestSupport", "VirtualMachine", "Reporters", "Matching", "AuditKernel", "auditspec"],
                    resources: [.copy("Fixtures")]),
        // Runs the real binary against this machine's kernel: as root, with audit compiled in.
        .testTarget(name: "LiveKernelTests", dependencies: ["TestSupport", "auditspec", "AuditKernel", "POSIXSupport", "Matching", "Reporters"],
                    resources: [.copy("Fixtures")]),
    ]
)
