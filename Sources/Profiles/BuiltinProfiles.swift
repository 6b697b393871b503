import Foundation

/// The revisions auditspec ships: profile files in the Profiles target's `profiles` folder,
/// copied by the build beside the binary (`auditspec_Profiles.resources/profiles`), where a
/// VM guest running the same binary over the shared root finds them too. Each file cites the
/// spec items (../shared/spec) its facts come from; where the spec does not state a number
/// or an errno for a revision, the file leaves it out, and a scenario that needs it is told
/// so, not given a guess.
public enum BuiltinProfiles {
    public static let defaultNames = ["ghak90-v11"]

    /// Refusal names, in the order a V11 kernel checks them (ghak90 c13): the words a scenario
    /// may write after `=>`, whatever the revision, and the names a profile file may number.
    public static let refusalNames = ["target-gone", "offset-not-zero", "not-a-number", "overflow", "no-audit-data",
                                      "unset-value", "no-capability", "has-children", "threaded", "self",
                                      "not-descendant", "set-again", "same-again", "owned-by-another"]

    /// The resource bundle SwiftPM makes for this target, beside the executable.
    static let bundleName = "auditspec_Profiles.resources"

    /// Where the built-in files are: $AUDITSPEC_PROFILES, else the build's resource folder
    /// beside the running executable (the binary's real path, as for auditspec-agent).
    public static func folder() throws(ProfileError) -> String {
        if let path = ProcessInfo.processInfo.environment["AUDITSPEC_PROFILES"] {
            guard isFolder(path) else {
                throw .builtinsMissing("the built-in profiles are not in $AUDITSPEC_PROFILES (\(path)): no such folder")
            }
            return path
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let beside = executable.deletingLastPathComponent().appendingPathComponent(bundleName).appendingPathComponent("profiles").path
        guard isFolder(beside) else {
            throw .builtinsMissing("the built-in profiles are missing: no folder \(beside) beside \(executable.path) "
                                   + "(the build puts it there; copy it with the binary, or set AUDITSPEC_PROFILES to a folder of *.profile files)")
        }
        return beside
    }

    /// Every `*.profile` file of `folder`, ordered by patchset and revision; all the errors of
    /// every file at once.
    public static func load(from folder: String) throws(ProfileError) -> [Profile] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw .builtinsMissing("cannot list the built-in profiles in \(folder): \(error.localizedDescription)")
        }
        var profiles: [Profile] = []
        var problems: [ProfileDiagnostic] = []
        for name in names.sorted() where name.hasSuffix("." + ProfileFile.fileExtension) {
            do { profiles.append(try ProfileFile.read(folder + "/" + name)) } catch {
                guard case .badFile(let list) = error else { throw error }
                problems += list.diagnostics
            }
        }
        if !problems.isEmpty { throw .badFile(ProfileDiagnostics(problems)) }
        var seen: Set<String> = []
        for profile in profiles where !seen.insert(profile.name).inserted {
            throw .conflict("two built-in profiles in \(folder) are named \(profile.name)")
        }
        return profiles.sorted { ($0.patchset, $0.revision) < ($1.patchset, $1.revision) }
    }

    /// The built-in profiles, read once per process; a folder that is missing or holds a
    /// broken file is that error, which the command line reports before anything runs.
    public static let loaded: Result<[Profile], ProfileError> = Result { () throws(ProfileError) in try load(from: folder()) }

    /// The built-in profiles, or none when they could not be read (`loaded` says why: every
    /// command that uses profiles asks it first, and stops there).
    public static var all: [Profile] { (try? loaded.get()) ?? [] }

    public static func named(_ name: String) -> Profile? { all.first { $0.name == name } }

    static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }
}
