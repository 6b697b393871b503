import ScenarioLanguage

/// Whether a scenario may run beside others in a `--jobs` run, read from what it does and
/// expects: the same answer in a serial run, so that attribution, and so every verdict, is
/// the same whatever `--jobs` says.
///
/// A scenario runs alone, with no other scenario under way, when running beside another
/// could change what either sees:
/// - it changes what the whole machine's audit does (a setting, an exclude, filesystem or
///   `never` rule, an IMA policy rule);
/// - one of its exit, task or io_uring rules is not confined to its own files or processes
///   (`dir=$tmp...`, `path=$tmp...`, `-w $tmp...`, `pid=$NAME`, `ppid=$NAME`): the kernel
///   logs one event per system call with the key of the first rule that matches, so such a
///   rule could take another scenario's system calls, or lend them its key;
/// - it expects NETFILTER_PKT, which names no process, without `mark=$mark`;
/// - it expects CONFIG_CHANGE, or sends a user message from the runner itself, or lets the
///   runner write, signal or act on a file while one of its rules lacks `-k $key`: records whose only
///   process is the runner, which every scenario shares, can be told apart only by a key, or
///   by nothing at all.
public struct ScenarioIsolation: Hashable, Sendable {
    /// Why the scenario must run alone; nil if it can run beside others.
    public var runsAloneBecause: String?
    /// Every rule of the scenario names its own files or processes (so its key proves an
    /// event is the scenario's).
    public var rulesAreConfined: Bool

    public var runsAlone: Bool { runsAloneBecause != nil }

    /// Record types the kernel logs with no process in them.
    static let processlessTypes: Set<String> = ["NETFILTER_PKT"]
    /// Record types only the runner's own requests log (a rule added, a setting changed).
    static let runnerTypes: Set<String> = ["CONFIG_CHANGE"]

    public init(_ scenario: Scenario) {
        let processNames = Set(scenario.steps.compactMap(\.action.boundName))
        var reasons: [String] = []
        var confined = true
        var everyRuleKeyed = true
        var runnerActs = false
        if scenario.requirements.contains(where: { $0.feature == .vm }) {
            reasons.append("it runs only in a VM, where it may crash or taint the kernel: alone, a problem on the console is its own")
        }
        if scenario.changesGlobalState {
            reasons.append("it changes what the whole machine's audit does (a setting, an exclude, filesystem or never rule, or an IMA policy rule)")
        }
        for step in scenario.steps {
            if case .rule(let spec) = step.action {
                if !spec.keys.contains(where: Self.isScenarioKey), !spec.fields.contains(where: Self.isScenarioKeyField) { everyRuleKeyed = false }
                if [.exit, .task, .ioUring].contains(spec.list), !Self.isConfined(spec, processes: processNames) {
                    confined = false
                    reasons.append("its rule at \(step.location) names none of its own files or processes "
                                   + "(dir=$tmp..., -w $tmp..., pid=$NAME), so it could match another scenario's system calls")
                }
            } else if case .userMessage(let message) = step.action, message.runnerMakesTheCall {
                reasons.append("it sends a user message from the runner itself (\(step.location)), whose pid every scenario shares")
            } else if step.action.statement.runnerMakesTheCall {
                runnerActs = true
            }
        }
        if runnerActs && !everyRuleKeyed {
            reasons.append("the runner itself writes, signals or acts on a file, and not every rule carries -k $key, which alone tells its records apart")
        }
        for record in scenario.expectations.flatMap(\.records) {
            if Self.processlessTypes.contains(record.type), !record.fields.contains(where: Self.isScenarioMark) {
                reasons.append("it expects \(record.type) (\(record.location)), which names no process, without mark=$mark")
            }
            if Self.runnerTypes.contains(record.type) {
                reasons.append("it expects \(record.type) (\(record.location)), which the runner's own requests log")
            }
        }
        runsAloneBecause = reasons.first
        rulesAreConfined = confined
    }

    /// `-F key=$key`.
    static func isScenarioKeyField(_ field: Template) -> Bool {
        guard field.parts.count == 2, field.parts[0] == .literal("key=") else { return false }
        return isScenarioKey(Template(parts: [field.parts[1]]))
    }

    /// `-k $key`.
    static func isScenarioKey(_ key: Template) -> Bool {
        guard key.parts.count == 1, case .variable(let name, _, _) = key.parts[0] else { return false }
        return name == BuiltinVariable.key.rawValue
    }

    /// `mark=$mark`.
    static func isScenarioMark(_ field: FieldExpectation) -> Bool {
        guard field.name == "mark", case .equals(let template) = field.matcher, template.parts.count == 1,
              case .variable(let name, _, _) = template.parts[0] else { return false }
        return name == BuiltinVariable.mark.rawValue
    }

    /// A rule that only the scenario's own doings can match: a watch or a `dir=`, `path=` or
    /// `exe=` under `$tmp`, or `pid=`/`ppid=` one of its processes.
    static func isConfined(_ spec: RuleSpec, processes: Set<String>) -> Bool {
        if let watch = spec.watch, startsWithTemporaryFolder(watch.parts) { return true }
        return spec.fields.contains { field in
            guard case .literal(let head)? = field.parts.first,
                  let equals = head.firstIndex(of: "="), !head[..<equals].contains(where: { "!<>&".contains($0) }) else { return false }
            let name = String(head[..<equals])
            let rest = String(head[head.index(after: equals)...])
            let value = (rest.isEmpty ? [] : [Template.Part.literal(rest)]) + field.parts.dropFirst()
            switch name {
            case "dir", "path", "exe":
                return startsWithTemporaryFolder(value)
            case "pid", "ppid":
                guard value.count == 1, case .variable(let bound, _, _) = value[0] else { return false }
                return processes.contains(bound)
            default:
                return false
            }
        }
    }

    private static func startsWithTemporaryFolder(_ parts: [Template.Part]) -> Bool {
        guard case .variable(let name, _, _)? = parts.first else { return false }
        return name == BuiltinVariable.tmp.rawValue
    }
}
