#if canImport(Glibc)
import Glibc
#endif

/// Everything about a child that is decided before it runs: its program, the namespaces it
/// creates or joins, who it runs as, which capabilities it lacks, where its output goes.
///
/// A plain value: the runner composes it, `ChildProcess(spec:)` carries it out in the child,
/// between clone3 and execve, through the C helper (see spawn.c for why it is done there).
public struct SpawnSpec: Sendable {
    /// One line of /proc/PID/uid_map or gid_map: `count` ids from `inside` map to `outside`.
    public struct IDMapping: Hashable, Sendable {
        public var inside: UInt32
        public var outside: UInt32
        public var count: UInt32
        public init(inside: UInt32, outside: UInt32, count: UInt32 = 1) {
            self.inside = inside
            self.outside = outside
            self.count = count
        }
        var line: String { "\(inside) \(outside) \(count)\n" }
    }

    /// Where standard output and error go.
    public enum Output: Sendable, Hashable {
        /// /dev/null.
        case discard
        /// Appended to a file (created 0600), both streams.
        case file(String)
        /// Standard output is a pipe (the process's `outputFD`): the child writes a line when it
        /// is ready, and the waiter wakes then. Standard error goes to the file, if any.
        case readinessPipe(errors: String?)
    }

    public var argv: [String]
    /// `KEY=VALUE` entries; nil passes the runner's own environment.
    public var environment: [String]?
    /// Namespaces the child creates (clone3 flags).
    public var create: Namespaces = []
    /// Held namespaces the child enters before execve (the user namespace is entered last).
    public var join: [NamespaceHandle] = []
    /// For a new user namespace: the uid and gid maps the parent writes before the child goes
    /// on. Empty maps leave ids unmapped (the child then runs as the overflow id 65534). The
    /// child keeps the runner's uid until it changes it: with a map to other ids, set `user`
    /// to (0, 0) to run as the namespace's root.
    public var uidMap: [IDMapping] = [IDMapping(inside: 0, outside: 0)]
    public var gidMap: [IDMapping] = [IDMapping(inside: 0, outside: 0)]
    /// Run as this uid and gid (supplementary groups become just the gid).
    public var user: (uid: uid_t, gid: gid_t)?
    /// Capabilities the child and its program never hold (bounding set included, so that
    /// execve by root does not give them back).
    public var dropCapabilities: Set<Capability> = []
    public var output: Output = .discard
    /// Descriptors of the runner that become 3, 4, ... in the child.
    public var passDescriptors: [Int32] = []
    /// Bring lo up before execve (for a new network namespace).
    public var loopbackUp = false
    /// A process group of its own, so `stop` ends everything it starts.
    public var newProcessGroup = true
    /// A terminal (a `PseudoTerminal`'s slave) that becomes the controlling terminal of a new
    /// session the child leads (a process group of its own too).
    public var controllingTerminal: String?
    public var workingDirectory: String?
    /// How long the child may take to reach execve.
    public var startTimeout: Double = 10
    /// Called with the child's pid after the clone and before the child may go on (it waits,
    /// and dies with the runner meanwhile): where a run records its processes, so that a
    /// SIGKILL of the runner at any moment leaves none that `restore` does not know of.
    public var onStart: (@Sendable (pid_t) -> Void)?

    /// clone3, falling back to clone when refused; the tests force either path.
    public enum CloneCall: Int32, Sendable { case automatic = 0, clone3Only = 1, cloneOnly = 2 }
    public var cloneCall: CloneCall = .automatic

    public init(argv: [String], create: Namespaces = [], join: [NamespaceHandle] = [],
                user: (uid: uid_t, gid: gid_t)? = nil, dropCapabilities: Set<Capability> = [],
                output: Output = .discard) {
        precondition(!argv.isEmpty, "a process needs a program")
        self.argv = argv
        self.create = create
        self.join = join
        self.user = user
        self.dropCapabilities = dropCapabilities
        self.output = output
    }

    /// The program's path: argv[0] itself if it holds a slash, else the first executable
    /// match in PATH (searched here, in the parent: the child may not allocate).
    package func resolvedProgram() -> String? {
        let name = argv[0]
        if name.contains("/") { return name }
        let environment = self.environment ?? ProcessEnvironment.current()
        let path = environment.first { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) }
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}

/// The runner's environment as `KEY=VALUE` strings.
enum ProcessEnvironment {
    static func current() -> [String] {
        var entries: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            entries.append(String(cString: entry))
            pointer += 1
        }
        return entries
    }
}
