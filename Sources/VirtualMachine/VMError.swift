/// Why `auditspec vm` cannot boot or run the kernel: each says what is wrong and what to do.
/// The CLI prints the description and exits 2 (this machine or this kernel cannot run the
/// suite) or 64 (the command line is wrong).
public struct VMError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// A wrong argument: no such file, not a kernel.
        case usage
        /// Something this machine or kernel lacks: a tool, a config option, a boot that fails.
        case environment
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
