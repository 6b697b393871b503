import Foundation

/// The profiles in force for a run: at most one revision per patchset (`--profile ghak90-v5
/// --profile nsinfo-v6`).
public struct ProfileSet: Hashable, Sendable {
    public var profiles: [Profile]

    public struct Conflict: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// No profile: record numbers keep libaudit's names, and no refusal has an errno.
    public init() { profiles = [] }

    public init(_ profiles: [Profile]) throws(Conflict) {
        var seen: [String: String] = [:]
        for profile in profiles {
            if let other = seen[profile.patchset] {
                throw Conflict(message: "profiles \(other) and \(profile.name) are both for \(profile.patchset): choose one")
            }
            seen[profile.patchset] = profile.name
        }
        self.profiles = profiles
    }

    /// Whether a `--profile` value names a profile file (it holds a `/` or ends in `.profile`)
    /// rather than a built-in profile.
    public static func isFile(_ value: String) -> Bool {
        value.contains("/") || value.hasSuffix("." + ProfileFile.fileExtension)
    }

    /// A `--profile` value as another process must be given it (the guest of `auditspec vm`,
    /// which reads the host's root over 9p): a file's path made absolute against
    /// `workingDirectory`, a built-in name as it is.
    public static func value(_ value: String, from workingDirectory: String) -> String {
        guard isFile(value) else { return value }
        let absolute = value.hasPrefix("/") ? value : workingDirectory + "/" + value
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// The profiles `--profile` values choose: files read whole (each known in reports by the
    /// name inside it), other values looked up among `builtins`.
    public static func choose(_ values: [String], builtins: [Profile]) throws(ProfileError) -> ProfileSet {
        var profiles: [Profile] = []
        for value in values {
            if isFile(value) {
                profiles.append(try ProfileFile.read(value))
            } else if let profile = builtins.first(where: { $0.name == value }) {
                profiles.append(profile)
            } else {
                throw .unknownName(value, known: builtins.map(\.name))
            }
        }
        var names: Set<String> = []
        for profile in profiles where !names.insert(profile.name).inserted {
            throw .conflict("two profiles are named \(profile.name): choose one")
        }
        do { return try ProfileSet(profiles) } catch { throw .conflict(error.message) }
    }

    /// The profiles in force when none is chosen (`BuiltinProfiles.defaultNames`), or none when
    /// the built-in files could not be read: the command line has stopped then with the reason
    /// (`BuiltinProfiles.loaded`), so this never hides it.
    public static let defaults: ProfileSet = (try? resolve(BuiltinProfiles.defaultNames)) ?? ProfileSet()

    /// Profiles by their builtin names.
    public static func resolve(_ names: [String]) throws(Conflict) -> ProfileSet {
        var profiles: [Profile] = []
        for name in names {
            guard let profile = BuiltinProfiles.named(name) else {
                let known = BuiltinProfiles.all.map(\.name).joined(separator: ", ")
                throw Conflict(message: "unknown profile '\(name)'; known profiles: \(known)")
            }
            profiles.append(profile)
        }
        return try ProfileSet(profiles)
    }

    public var names: [String] { profiles.map(\.name) }

    /// The profile in force for a patchset, if any.
    public func profile(forPatchset patchset: String) -> Profile? {
        profiles.first { $0.patchset == patchset }
    }

    /// The record type a profile gives this number, if any.
    public func recordType(number: Int) -> Profile.RecordType? {
        profiles.lazy.compactMap { $0.recordType(number: number) }.first
    }

    public func recordType(named name: String) -> Profile.RecordType? {
        profiles.lazy.compactMap { $0.recordType(named: name) }.first
    }

    /// The errno (or acceptance) of a named refusal, from the profile of its patchset.
    public func refusal(_ name: String) -> (profile: String, refusal: Profile.Refusal?) {
        let ghak90 = profiles.first { $0.patchset == "ghak90" }
        return (ghak90?.name ?? "(no ghak90 profile)", ghak90?.refusals[name])
    }

    public func ruleField(_ name: String) -> Int? {
        profiles.lazy.compactMap { $0.ruleFields[name] }.first
    }
}
