import ArgumentParser
import Runner
import ScenarioLanguage

/// Finds and parses scenario files for a command; any error ends the command with exit 64
/// after every error of every file has been printed.
enum ScenarioLoader {
    /// With `expandingParameters`, a scenario with a `parameters` table comes back as one
    /// ordinary scenario per row, which is how every runner and report sees it.
    static func load(_ paths: [String], expandingParameters: Bool = true) throws -> [Scenario] {
        let files: [String]
        do { files = try ScenarioFiles.find(paths) } catch {
            printError("auditspec: \(error)")
            throw ExitCode.usage
        }
        if files.isEmpty {
            printError("auditspec: no *.\(ScenarioFiles.fileExtension) files in \(paths.joined(separator: " "))")
            throw ExitCode.usage
        }
        var scenarios: [Scenario] = []
        var errorCount = 0
        let parser = ScenarioParser()
        for file in files {
            switch parser.parse(fileAt: file) {
            case .success(let scenario):
                // A type no table knows can never arrive, nor a misspelt field: say so now, with the nearest name.
                let unknown = RecordTypeCheck.diagnostics(for: scenario) + FieldNameCheck.diagnostics(for: scenario)
                errorCount += unknown.count
                unknown.forEach { printError($0.description) }
                scenarios += expandingParameters ? scenario.expanded() : [scenario]
            case .failure(let list):
                errorCount += list.diagnostics.count
                printError(list.description)
            }
        }
        if errorCount > 0 {
            printError("auditspec: \(errorCount) error\(errorCount == 1 ? "" : "s") in scenario files; nothing was run")
            throw ExitCode.usage
        }
        return scenarios
    }
}
