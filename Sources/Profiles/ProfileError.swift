/// Why the profiles of a run could not be had: each ends the command before anything runs.
public enum ProfileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `--profile NAME` that no built-in profile has.
    case unknownName(String, known: [String])
    /// A profile file that cannot be read at all.
    case unreadable(path: String, reason: String)
    /// A profile file with mistakes, every one at its line and column.
    case badFile(ProfileDiagnostics)
    /// Two profiles for one patchset, or two of the same name.
    case conflict(String)
    /// The folder of built-in profiles is not beside the binary: an installation problem.
    case builtinsMissing(String)

    public var description: String {
        switch self {
        case .unknownName(let name, let known):
            return "unknown profile '\(name)'; built-in profiles: \(known.joined(separator: ", ")) (a profile file is given by its path: ./\(name).profile)"
        case .unreadable(let path, let reason): return "cannot read profile file \(path): \(reason)"
        case .badFile(let list): return list.description
        case .conflict(let message): return message
        case .builtinsMissing(let message): return message
        }
    }

    /// Whether this is the user's mistake (a usage error) rather than the installation's.
    public var isUsage: Bool {
        if case .builtinsMissing = self { return false }
        return true
    }
}
