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
        naming an item the spec lacks is flagged. Items no scenario can check are listed with \
        the reason in --not-applicable (by default scenarios/not-applicable.txt), one a line: \
        'ghak90 g27  limits existed only in V7-V8 and were dropped in V9'. Nothing is run.

        Examples:
          auditspec coverage scenarios/ --spec ../shared/spec
          auditspec coverage --markdown docs/coverage.md      (the repository's coverage page)
        """
    )

    @Argument(help: "Scenario files or folders of them.")
    var paths: [String] = ["scenarios"]

    @Option(name: .long, help: ArgumentHelp("The folder of spec documents (*.md).", valueName: "folder"))
    var spec: String?

    /// Only for the record types a profile file adds, which its scenarios may expect.
    @Option(name: .customLong("not-applicable"), help: ArgumentHelp("Spec items no scenario can check, with the reason (default scenarios/not-applicable.txt when present).", valueName: "file"))
    var notApplicablePath: String?

    @Option(name: .long, help: ArgumentHelp("Write the table as Markdown to this file ('-': standard output) instead of printing it.", valueName: "file"))
    var markdown: String?

    @OptionGroup var profileOptions: ProfileOptions

    static let defaultNotApplicable = "scenarios/not-applicable.txt"

    func run() throws {
        let profiles = try profileOptions.resolve()
        // A file covers its items once, however many rows its parameter table has.
        let scenarios = try ScenarioLoader.load(paths, expandingParameters: false, profiles: profiles)
        let folder = spec ?? ["../shared/spec", "shared/spec"].first { FileManager.default.fileExists(atPath: $0) }
        if spec != nil, !FileManager.default.fileExists(atPath: spec!) {
            throw CommandError(.usage, "\(spec!): no such folder")
        }
        if folder == nil { printError("auditspec: no spec folder found; listing only the items scenarios name") }
        let items = folder.map(CoverageTable.specItems) ?? []
        let table = CoverageTable(specItems: items, scenarios: scenarios,
                                  notApplicable: try readNotApplicable(known: folder == nil ? nil : Set(items.map { "\($0.spec) \($0.item)" })))
        guard let markdown else {
            table.lines().forEach { print($0) }
            return
        }
        let text = table.markdown(command: "auditspec coverage --markdown docs/coverage.md")
        if markdown == "-" { print(text, terminator: ""); return }
        try CommandError.catching(.usage, { "cannot write \(markdown): \($0.localizedDescription)" }) {
            try text.write(toFile: markdown, atomically: true, encoding: .utf8)
        }
    }

    /// The not-applicable list, checked against the spec's items when they are known.
    func readNotApplicable(known: Set<String>?) throws -> NotApplicableList {
        let path = notApplicablePath ?? Self.defaultNotApplicable
        guard notApplicablePath != nil || FileManager.default.fileExists(atPath: path) else { return NotApplicableList() }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandError(.usage, "cannot read \(path)")
        }
        switch NotApplicableList.parse(text, path: path, known: known) {
        case .success(let list): return list
        case .failure(let errors):
            throw CommandError(.usage, diagnostics: [errors.description], summary: "\(CommandError.count(errors.diagnostics.count)) in \(path)")
        }
    }
}
