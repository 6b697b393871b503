import ArgumentParser
import Foundation
import Profiles
import Runner
import ScenarioLanguage

/// Finds and parses scenario files for a command; any error ends the command with exit 64,
/// saying every error of every file.
enum ScenarioLoader {
    /// With `expandingParameters`, a scenario with a `parameters` table comes back as one
    /// ordinary scenario per row, which is how every runner and report sees it.
    /// `FILE#N` names row N of FILE's table alone (`Scenario.selector`).
    /// `profiles`: those in force, which revision conditions may name beside the built-in ones.
    /// `given`: names `--var` gives a value, bound in every file from its start.
    static func load(_ paths: [String], expandingParameters: Bool = true, profiles: ProfileSet? = nil,
                     given: Set<String> = []) throws -> [Scenario] {
        let known = BuiltinProfiles.all + (profiles?.profiles ?? [])
        var files: [String] = []
        var rows: [String: Set<Int>] = [:]
        try CommandError.catching(.usage) {
            for argument in paths {
                if let (file, row) = rowSelector(argument) {
                    if rows[file] == nil { files.append(file) }
                    rows[file, default: []].insert(row)
                } else {
                    files += try ScenarioFiles.find([argument])
                }
            }
        }
        if files.isEmpty {
            throw CommandError(.usage, "no *.\(ScenarioFiles.fileExtension) files in \(paths.joined(separator: " "))")
        }
        var scenarios: [Scenario] = []
        var errorCount = 0
        var diagnostics: [String] = []
        let parser = ScenarioParser(givenNames: given)
        for file in files {
            // A type no table knows can never arrive, nor a misspelt field: said now, with the
            // nearest name, beside the file's other errors.
            switch ScenarioCheck.judge(parser.parse(fileAt: file), known: known) {
            case .success(let scenario):
                guard expandingParameters else { scenarios.append(scenario); continue }
                guard let wanted = rows[file] else { scenarios += scenario.expanded(); continue }
                let chosen = scenario.expanded().filter { $0.parameterRow.map(wanted.contains) ?? false }
                if chosen.count < wanted.count {
                    diagnostics.append("auditspec: \(file) has no row \(wanted.subtracting(chosen.compactMap(\.parameterRow)).sorted().map(String.init).joined(separator: ", ")) in a parameters table")
                    errorCount += 1
                }
                scenarios += chosen
            case .failure(let list):
                errorCount += list.diagnostics.count
                diagnostics.append(list.description)
            }
        }
        if errorCount > 0 {
            throw CommandError(.usage, diagnostics: diagnostics, summary: "\(CommandError.count(errorCount)) in scenario files; nothing was run")
        }
        return scenarios
    }

    /// `path/x.scenario#2` as (`path/x.scenario`, 2), when that file exists and the name itself does not.
    static func rowSelector(_ argument: String) -> (String, Int)? {
        guard let mark = argument.lastIndex(of: "#"), let row = Int(argument[argument.index(after: mark)...]), row >= 1 else { return nil }
        let file = String(argument[..<mark])
        guard !FileManager.default.fileExists(atPath: argument), FileManager.default.fileExists(atPath: file) else { return nil }
        return (file, row)
    }
}
