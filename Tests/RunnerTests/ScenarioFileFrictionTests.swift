import Foundation
import Runner
import ScenarioLanguage
import Testing

/// Files a new user may hand the loader (issue 14, item 9).
struct ScenarioFileFrictionTests {
    @Test func aCRLFFileReadsAsItsLFTwin() throws {
        let source = "scenario \"crlf\"\r\nexpect event\r\n    type=SYSCALL key=x\r\n"
        let scenario = try ScenarioParser().parse(source: source, path: "crlf.scenario").get()
        #expect(scenario.title == "crlf")
        #expect(scenario.expectations.first?.records.first?.fields.first?.matcher == .equals(.literal("x")))
    }

    @Test func aSymbolicLinkLoopIsCalledOne() throws {
        let folder = NSTemporaryDirectory() + "auditspec-loop-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/a.scenario", withDestinationPath: folder + "/b.scenario")
        try FileManager.default.createSymbolicLink(atPath: folder + "/b.scenario", withDestinationPath: folder + "/a.scenario")
        try FileManager.default.createSymbolicLink(atPath: folder + "/dangling.scenario", withDestinationPath: folder + "/none")
        #expect(throws: ScenarioFiles.NotFound.self) { try ScenarioFiles.find([folder + "/a.scenario"]) }
        do {
            _ = try ScenarioFiles.find([folder + "/a.scenario"])
        } catch {
            #expect(error.description.contains("symbolic link loop"), "\(error)")
        }
        do {
            _ = try ScenarioFiles.find([folder + "/dangling.scenario"])
        } catch {
            #expect(error.description.contains("symbolic link to nothing"), "\(error)")
        }
        do {
            _ = try ScenarioFiles.find([folder + "/absent.scenario"])
        } catch {
            #expect(error.description.hasSuffix("no such file or folder"), "\(error)")
        }
    }
}
