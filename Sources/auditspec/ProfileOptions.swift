import ArgumentParser
import Foundation
import Profiles

/// `--profile`, shared by the commands that name records or resolve refusals: a built-in
/// profile by name, or a profile file by path.
struct ProfileOptions: ParsableArguments {
    @Option(name: .customLong("profile"),
            help: ArgumentHelp("The patch revision under test, one per patchset (repeatable; default \(BuiltinProfiles.defaultNames.joined(separator: " "))): a built-in profile's name, or the path of a profile file (a value with a '/' or ending in '.profile'; reports use the name inside it). Built-in: \(ProfileOptions.builtinNames).",
                               valueName: "name|path"))
    var values: [String] = []

    static var builtinNames: String {
        switch BuiltinProfiles.loaded {
        case .success(let profiles): return profiles.map(\.name).joined(separator: ", ")
        case .failure(let error): return "none (\(error))"
        }
    }

    /// The profiles chosen. Any problem ends the command before a scenario is
    /// read (a scenario may expect a record type only a chosen file names).
    func resolve() throws -> ProfileSet {
        switch Result(catching: { () throws(ProfileError) in try choose() }) {
        case .success(let chosen):
            return chosen
        case .failure(.badFile(let list)):
            throw CommandError(.usage, diagnostics: [list.description],
                                 summary: "\(CommandError.count(list.diagnostics.count)) in profile files; nothing was run")
        case .failure(let error):
            throw CommandError(error.isUsage ? .usage : .environment, "\(error)")
        }
    }

    func choose() throws(ProfileError) -> ProfileSet {
        let builtins = try BuiltinProfiles.loaded.get()
        let set = try ProfileSet.choose(values.isEmpty ? BuiltinProfiles.defaultNames : values, builtins: builtins)
        for (value, profile) in zip(values, set.profiles) where ProfileSet.isFile(value) && builtins.contains(where: { $0.name == profile.name }) {
            printError("auditspec: note: profile file \(value) is named \(profile.name), as a built-in profile is: the file's facts are used")
        }
        return set
    }

    /// The values as the guest of `auditspec vm` must see them: it runs the same binary on the
    /// host's root from the same working directory, but a path it is given is made absolute
    /// so nothing depends on that.
    var absoluteValues: [String] {
        values.map { ProfileSet.value($0, from: FileManager.default.currentDirectoryPath) }
    }
}
