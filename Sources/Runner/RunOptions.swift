import Profiles

/// Knobs of a run that are not part of any scenario.
public struct RunOptions: Sendable {
    /// The revisions under test: they name records and resolve refusals (`=> threaded`).
    public var profiles: ProfileSet = .defaults
    /// The longest any single action (a command, a wait) may take.
    public var actionTimeout: Double = 30
    /// How long an event without EOE stays open for more records.
    public var quietTime: Double = 0.25
    /// Multiplies every scenario's record timeout (emulated kernels are slow).
    public var timeoutScale: Double = 1
    /// The kernel is a throwaway guest booted by `auditspec vm`: `requires vm` scenarios run.
    /// Set only by `run --vm-guest`, which checks the guest's kernel command line first.
    public var insideVirtualMachine = false
    /// `auditspec record`: every scenario waits for everything its actions logged (the
    /// barrier after its last action, else its timeout), not only for its expectations, and
    /// its result keeps what the run bound (`ScenarioResult.bindings`), so a draft of its
    /// `expect` blocks can be written from the records.
    public var recording = false

    public init() {}
}
