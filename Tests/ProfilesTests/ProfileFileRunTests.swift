import Foundation
import Profiles
import Reporters
import TestSupport
import Testing

/// A built-in profile copied, renamed and edited, given to the real binary by its path: its
/// numbers name the records of a replayed log, and its name is the report's. Needs no kernel.
struct ProfileFileRunTests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both to their end before waiting, so neither pipe can fill and stall the binary.
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A folder of its own holding `my-v12.profile`: the built-in ghak90-v11 file as shipped,
    /// renamed ghak90-v12, revision 12, with CONTAINER_OP moved from 1020 to 1040.
    static func copiedProfile() throws -> String {
        let folder = NSTemporaryDirectory() + "auditspec-profile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let builtin = try String(contentsOfFile: try BuiltinProfiles.folder() + "/ghak90-v11.profile", encoding: .utf8)
        var edits = 0
        let edited = builtin.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            switch words.first {
            case "name": edits += 1; return "name ghak90-v12"
            case "revision": edits += 1; return "revision 12"
            case "record" where words.dropFirst().first == "CONTAINER_OP":
                edits += 1
                return line.replacingOccurrences(of: "1020", with: "1040")
            default: return String(line)
            }
        }
        #expect(edits == 3, "the built-in file has one name, one revision and one CONTAINER_OP line")
        try edited.joined(separator: "\n").write(toFile: folder + "/my-v12.profile", atomically: true, encoding: .utf8)
        return folder
    }

    static func fixture(_ name: String) -> String { ProfileFileTests.fixture(name) }

    /// The log holds CONTAINER_OP as UNKNOWN[1020] or UNKNOWN[1040]; each profile names only its own.
    @Test(arguments: [("container-op-1020.log", "ghak90-v11", Int32(0)), ("container-op-1020.log", "my-v12.profile", Int32(1)),
                      ("container-op-1040.log", "ghak90-v11", Int32(1)), ("container-op-1040.log", "my-v12.profile", Int32(0))])
    func aCopiedAndEditedProfileChangesTheVerdict(log: String, profile: String, status: Int32) throws {
        let folder = try Self.copiedProfile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let json = folder + "/results.json"
        // A relative path, from the folder it is in: a value ending in .profile is a file.
        let outcome = try Self.run(["check", "--log", Self.fixture(log), "--profile", profile, "--json", json,
                                    Self.fixture("container-op.scenario")], in: folder)
        #expect(outcome.status == status, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix(status == 0 ? "PASS" : "FAIL"), "\(outcome.stdout)")
        let report = try JSONReporter.read(from: json)
        let names = report.info.properties.first { $0.0 == "profiles" }?.1
        #expect(names == (profile == "ghak90-v11" ? "ghak90-v11" : "ghak90-v12"), "reports name a file's profile by the name inside it")
    }

    @Test func aBadProfileFileStopsTheRunWithItsPlaceAndExit64() throws {
        let bad = Self.fixture("bad.profile")
        let outcome = try Self.run(["check", "--log", Self.fixture("container-op-1020.log"), "--profile", bad,
                                    Self.fixture("container-op.scenario")], in: NSTemporaryDirectory())
        #expect(outcome.status == 64)
        #expect(outcome.stdout.isEmpty, "nothing is judged")
        #expect(outcome.stderr.contains("\(bad):6:24: error: '10x0' is not a record type number\n"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("auditspec: 12 errors in profile files; nothing was run"), "\(outcome.stderr)")
    }

    @Test func anUnknownNameOrMissingFileIsAUsageError() throws {
        let unknown = try Self.run(["check", "--log", Self.fixture("container-op-1020.log"), "--profile", "ghak90-v12",
                                    Self.fixture("container-op.scenario")], in: NSTemporaryDirectory())
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown profile 'ghak90-v12'; built-in profiles: ghak90-v5"), "\(unknown.stderr)")
        let missing = try Self.run(["check", "--log", Self.fixture("container-op-1020.log"), "--profile", "./none.profile",
                                    Self.fixture("container-op.scenario")], in: NSTemporaryDirectory())
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("cannot read profile file ./none.profile"), "\(missing.stderr)")
    }

    /// Without its built-in profiles the binary says where it looked, and runs nothing.
    @Test func missingBuiltinProfilesAreAClearError() throws {
        let outcome = try Self.run(["check", "--log", Self.fixture("container-op-1020.log"), Self.fixture("container-op.scenario")],
                                   in: NSTemporaryDirectory(), environment: ["AUDITSPEC_PROFILES": "/nonexistent/profiles"])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("the built-in profiles are not in $AUDITSPEC_PROFILES (/nonexistent/profiles)"), "\(outcome.stderr)")
    }

    /// A revision above every built-in one is compared as a number, once its file is given.
    @Test func aRevisionConditionOnTheFilesRevisionApplies() throws {
        let folder = try Self.copiedProfile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scenario = Self.fixture("v12-condition.scenario"), log = Self.fixture("container-op-1040.log")
        let without = try Self.run(["check", "--log", log, scenario], in: folder)
        #expect(without.status == 64)
        #expect(without.stderr.contains("no profile knows ghak90 v12"), "\(without.stderr)")
        let with = try Self.run(["check", "--log", log, "--profile", "my-v12.profile", scenario], in: folder)
        #expect(with.status == 0, "\(with.stdout)\(with.stderr)")
        #expect(with.stdout.hasPrefix("PASS"), "\(with.stdout)")
    }

    /// A record type only a profile file knows may be expected once that file is given.
    @Test func aTypeTheFileAddsIsKnownToTheScenarioChecks() throws {
        let folder = try Self.copiedProfile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try (String(contentsOfFile: folder + "/my-v12.profile", encoding: .utf8) + "record CONTAINER_NEST 1400 signature contid\n")
            .write(toFile: folder + "/my-v12.profile", atomically: true, encoding: .utf8)
        try """
        scenario "a V12 record"
        expect event
            type=CONTAINER_NEST contid=5
        """.write(toFile: folder + "/nest.scenario", atomically: true, encoding: .utf8)
        try "type=UNKNOWN[1400] msg=audit(1700000000.100:41): contid=5\n".write(toFile: folder + "/nest.log", atomically: true, encoding: .utf8)
        let without = try Self.run(["check", "--log", "nest.log", "nest.scenario"], in: folder)
        #expect(without.status == 64, "\(without.stderr)")
        #expect(without.stderr.contains("nest.scenario:3:10: error: 'CONTAINER_NEST' is not a record type"), "\(without.stderr)")
        let with = try Self.run(["check", "--log", "nest.log", "--profile", "./my-v12.profile", "nest.scenario"], in: folder)
        #expect(with.status == 0, "\(with.stdout)\(with.stderr)")
    }
}
