/// What every statement's payload tells the parser and the runner about itself, so that no
/// switch over all statements is needed for it.
public protocol StatementPayload: Hashable, Sendable {
    /// The name it binds for the steps after it, if any.
    var binding: Binding? { get }
    /// Further names it binds (`thread NAME` binds `$NAME.tid`): values for templates only.
    var valueNames: [String] { get }
    /// The templates it renders when it runs: every `$name` in them must be bound before it.
    var templates: [Template] { get }
    /// Whether it changes what the whole machine's audit sees, not only this scenario's (a
    /// rule on the exclude or filesystem list, a `never` rule, a setting, an IMA policy rule):
    /// such a scenario runs alone.
    var changesGlobalState: Bool { get }
    /// Whether the runner itself makes the system call (no agent named with `by` or `from`):
    /// the runner's pid is every scenario's, so only a key tells its records apart.
    var runnerMakesTheCall: Bool { get }
    /// Why it may run only inside a VM (a change that lasts until reboot, or the machine's
    /// clock), nil where it may run anywhere: without `requires vm` it is an error when the
    /// file is read, and the runner refuses it outside a VM.
    var virtualMachineOnly: String? { get }
}

extension StatementPayload {
    public var binding: Binding? { nil }
    public var valueNames: [String] { [] }
    public var templates: [Template] { [] }
    public var changesGlobalState: Bool { false }
    public var runnerMakesTheCall: Bool { false }
    public var virtualMachineOnly: String? { nil }
}

/// A name bound by a statement, and what it stands for.
public struct Binding: Hashable, Sendable {
    public var name: String
    public var kind: BoundKind
    public init(_ name: String, _ kind: BoundKind) {
        self.name = name
        self.kind = kind
    }
}

/// What a name bound by a step stands for; statements check that they get the kind they need.
public enum BoundKind: String, Hashable, Sendable {
    case netns, process, agent
    /// An agent that exec'd a program: a process to wait for or signal, no longer commandable.
    case program
    /// A value read from a file (`read`): for templates only.
    case value
}
