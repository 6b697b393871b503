import ArgumentParser
import Profiles

/// `--profile`, shared by the commands that name records or resolve refusals.
struct ProfileOptions: ParsableArguments {
    @Option(name: .customLong("profile"),
            help: ArgumentHelp("The patch revision under test, one per patchset (repeatable; default \(BuiltinProfiles.defaultNames.joined(separator: " "))). Known: \(BuiltinProfiles.all.map(\.name).joined(separator: ", ")).",
                               valueName: "name"))
    var names: [String] = []

    func resolve() throws -> ProfileSet {
        do {
            return try ProfileSet.resolve(names.isEmpty ? BuiltinProfiles.defaultNames : names)
        } catch {
            printError("auditspec: \(error)")
            throw ExitCode.usage
        }
    }
}
