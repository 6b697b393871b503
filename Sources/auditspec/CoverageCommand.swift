import ArgumentParser
import Foundation
import Reporters

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "List the spec items and the scenarios that check each one.",
        discussion: """
        Scenarios name what they check with 'covers SPEC ITEM...' (covers ghak90 b1 c13.7). The \
        items themselves are read from the spec documents (--spec, by default ../shared/spec or \
        shared/spec when present), so an item no scenario checks shows as '-', and a scenario \
        naming an item the spec lacks is flagged. Nothing is run.

        Example:
          auditspec coverage scenarios/ --spec ../shared/spec
        """
    )

    @Argument(help: "Scenario files or folders of them.")
    var paths: [String] = ["scenarios"]

    @Option(name: .long, help: ArgumentHelp("The folder of spec documents (*.md).", valueName: "folder"))
    var spec: String?

    /// Only for the record types a profile file adds, which its scenarios may expect.
    @OptionGroup var profileOptions: ProfileOptions

    func run() throws {
        let profiles = try profileOptions.resolve()
        // A file covers its items once, however many rows its parameter table has.
        let scenarios = try ScenarioLoader.load(paths, profiles: profiles.known, expandingParameters: false)
        let folder = spec ?? ["../shared/spec", "shared/spec"].first { FileManager.default.fileExists(atPath: $0) }
        if spec != nil, !FileManager.default.fileExists(atPath: spec!) {
            printError("auditspec: \(spec!): no such folder")
            throw ExitCode.usage
        }
        if folder == nil { printError("auditspec: no spec folder found; listing only the items scenarios name") }
        let table = CoverageTable(specItems: folder.map(CoverageTable.specItems) ?? [], scenarios: scenarios)
        table.lines().forEach { print($0) }
    }
}
