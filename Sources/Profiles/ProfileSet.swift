/// The profiles in force for a run: at most one revision per patchset (`--profile ghak90-v5
/// --profile nsinfo-v6`).
public struct ProfileSet: Hashable, Sendable {
    public var profiles: [Profile]

    public struct Conflict: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

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

    /// The profiles in force when none is chosen (`BuiltinProfiles.defaultNames`).
    public static let defaults: ProfileSet = {
        do { return try resolve(BuiltinProfiles.defaultNames) } catch { fatalError("the default profiles conflict: \(error)") }
    }()

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
