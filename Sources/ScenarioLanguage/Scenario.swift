/// A scenario file, read and checked: what it needs, what it does, what the kernel must log.
///
/// The runner performs `steps` in order, then waits (at most `timeout` seconds) until every
/// expectation is settled by the records that arrived.
public struct Scenario: Hashable, Sendable {
    /// The file it was read from, as given.
    public var path: String
    public var title: String
    /// Spec items it checks, such as `baseline B8` or `ghak90 b1`.
    public var covers: [SpecItem]
    public var requirements: [Requirement]
    public var timeout: Double
    public var steps: [Step]
    public var expectations: [ExpectedEvent]
    /// Some step changes what the whole machine's audit sees (an exclude, filesystem or
    /// `never` rule): such a scenario must run alone, never beside another.
    public var changesGlobalState = false
    /// `parameters NAME...` and its rows, as written; `expanded()` makes one scenario per row.
    public var parameters: ParameterTable?
    /// The values of one row of the table (a scenario `expanded()` made): variables the runner
    /// binds before the first step.
    public var arguments: [String: String] = [:]
    /// Which row (from 1) of its file's table this scenario is, when `expanded()` made it.
    public var parameterRow: Int?
    /// Set by `resolved(under:)` when a revision condition names a patchset no profile in force
    /// is for: why the scenario cannot be judged (the runners skip it with this reason).
    public var undecidedRevisions: String?

    public static let defaultTimeout = 5.0

    public init(path: String, title: String, covers: [SpecItem] = [], requirements: [Requirement] = [],
                timeout: Double = Scenario.defaultTimeout, steps: [Step] = [], expectations: [ExpectedEvent] = []) {
        self.path = path
        self.title = title
        self.covers = covers
        self.requirements = requirements
        self.timeout = timeout
        self.steps = steps
        self.expectations = expectations
    }

    /// Names a scenario may use in templates: the runner's own and those its steps bind.
    public var boundNames: Set<String> {
        Set(BuiltinVariable.allCases.map(\.rawValue)).union(steps.compactMap(\.action.boundName))
            .union(parameters?.names ?? []).union(arguments.keys)
    }
}

/// A spec item a scenario checks: the spec file's name and the item (`ghak90` `c13.7`).
public struct SpecItem: Hashable, Sendable, CustomStringConvertible {
    public var spec: String
    public var item: String
    public init(spec: String, item: String) { self.spec = spec; self.item = item }
    public var description: String { "\(spec) \(item)" }
}

/// Variables every scenario has without binding them.
public enum BuiltinVariable: String, CaseIterable, Sendable {
    /// A private directory (mode 0700) made for the scenario and removed after it.
    case tmp
    /// A key unique to this run of this scenario, for `-k $key`, so its records can be told apart.
    case key
    /// A packet mark unique to this run of this scenario (`0x...`), for `MARK --set-mark $mark`
    /// and `mark=$mark`, so its NETFILTER_PKT records, which name no process, can be told apart.
    case mark
}
