/// A helper command (ip, iptables, nft) that did not do its job: it could not start, or it
/// ended otherwise than with status 0, with the end of what it printed.
public struct CommandFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var argv: [String]
    /// nil when it could not start (see `spawn`) or did not end in time.
    public var termination: Termination?
    public var spawn: SpawnFailure?
    public var output: String

    public var description: String {
        let command = argv.joined(separator: " ")
        if let spawn { return spawn.description }
        let end = termination.map { "ended with \($0)" } ?? "did not end in time"
        return "\(command): \(end)" + (output.isEmpty ? "" : ": " + output)
    }
}
