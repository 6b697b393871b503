/// `module load NAME [PARAMETERS] by AGENT [=> OUTCOME]`, `module unload NAME by AGENT [=> OUTCOME]`:
/// the agent loads a kernel module with finit_module(2) of its file, or unloads it with
/// delete_module(2); the kernel logs KERN_MODULE `name=`. NAME is the module's name, found by
/// the runner among the running kernel's modules (/lib/modules/RELEASE/modules.dep, where
/// modprobe looks), so a scenario names no release. A kernel without module support, or
/// without that module, skips the scenario with the reason. A module the scenario loaded and
/// did not unload is unloaded after it.
public struct ModuleStatement: StatementPayload {
    public enum Operation: Hashable, Sendable {
        /// finit_module(2), with the parameters (`numdummies=0`; empty for none).
        case load(parameters: String)
        /// delete_module(2).
        case unload
    }

    public var operation: Operation
    public var name: String
    public var agent: String
    public var outcome: ExpectedOutcome

    public init(operation: Operation, name: String, agent: String, outcome: ExpectedOutcome = .success) {
        self.operation = operation
        self.name = name
        self.agent = agent
        self.outcome = outcome
    }

    /// A module's code runs for the whole machine.
    public var changesGlobalState: Bool { true }
    public var virtualMachineOnly: String? { "'module' loads code into the running kernel" }
}

extension ParseState {
    static let moduleUsage = "module load dummy numdummies=0 by loader, module unload dummy by loader"

    mutating func module(_ arguments: [Word], _ line: LogicalLine, _ keyword: Word) {
        var args = arguments
        guard let outcome = syscallOutcome(&args, line, keyword) else { return }
        guard let verb = args.first, !verb.quoted, verb.source == "load" || verb.source == "unload" else {
            let near = args.first.flatMap { Spelling.nearest(to: $0.source, in: ["load", "unload"]) }
            error("'module' is followed by 'load' or 'unload'", line, column: args.first?.column ?? keyword.column + keyword.source.count + 1,
                  hint: near.map { "did you mean '\($0)'?" } ?? Self.moduleUsage)
            return
        }
        guard args.count >= 4, args[args.count - 2].isWord("by") else {
            let end = args.last.map { $0.column + $0.source.count + 1 } ?? keyword.column
            error("'module \(verb.source)' is made by an agent: end it with 'by AGENT'", line, column: end, hint: Self.moduleUsage)
            return
        }
        guard let agent = identifier(args[args.count - 1], line) else { return }
        checkKind(agent, args[args.count - 1], line, want: [.agent], statement: "module ... by")
        let nameWord = args[1]
        // A module's name as the kernel keeps it: letters, digits, '_' and '-' (which it reads as '_').
        guard !nameWord.quoted, !nameWord.source.isEmpty,
              nameWord.source.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            error("'\(nameWord.source)' is not a module name: letters, digits, '_' and '-' (the runner finds its file)", line,
                  column: nameWord.column, hint: Self.moduleUsage)
            return
        }
        let middle = args[2..<(args.count - 2)]
        let operation: ModuleStatement.Operation
        if verb.source == "load" {
            guard middle.count <= 1 else {
                error("'module load' takes the parameters as one word (quote them)", line, column: middle[middle.startIndex + 1].column,
                      hint: "module load dummy \"numdummies=0 foo=1\" by loader")
                return
            }
            guard let parameters = middle.first.map({ $0.literal }) ?? "" else {
                error("module parameters are written out, without variables", line, column: middle.first?.column ?? nameWord.column)
                return
            }
            operation = .load(parameters: parameters)
        } else {
            guard middle.isEmpty else {
                error("'module unload' takes only the module's name", line, column: middle.first!.column, hint: "module unload dummy by loader")
                return
            }
            operation = .unload
        }
        let name = String(nameWord.source.map { $0 == "-" ? "_" : $0 })
        add(.module(ModuleStatement(operation: operation, name: name, agent: agent, outcome: outcome)), line, keyword)
    }
}
