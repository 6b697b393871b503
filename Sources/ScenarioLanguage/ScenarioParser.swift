import AuditRecords
import Foundation
import Profiles
import SystemTypes

/// Reads a scenario file into a `Scenario`, reporting every error it finds with its place.
///
/// The language is line-oriented; docs/scenario-language.md is its reference. Statements
/// start at the left margin; the records of an `expect event` are the indented lines under it.
public struct ScenarioParser: Sendable {
    /// Names given a value from outside the file (`check --var NAME=VALUE`): bound from the start.
    public var givenNames: Set<String>

    public init() { self.givenNames = [] }

    public init(givenNames: Set<String>) {
        self.givenNames = givenNames
    }

    public static let keywords = ["scenario", "covers", "requires", "timeout", "rule", "netns",
                                  "spawn", "run", "write", "wait", "agent", "fork", "thread", "signal", "ptrace",
                                  "usermsg", "set", "expect", "unshare", "setns", "exec", "read", "veth", "parameters", "ima"] + FileOperation.keywords

    public func parse(source written: String, path: String) -> Result<Scenario, DiagnosticList> {
        // A file saved with CRLF line ends reads as the same file with LF ones.
        let source = written.contains("\r\n") ? written.replacingOccurrences(of: "\r\n", with: "\n") : written
        var state = ParseState(path: path, sourceLines: source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        state.boundSoFar.formUnion(givenNames)
        for line in LogicalLine.split(source) {
            state.statement(line)
        }
        state.finish()
        if !state.diagnostics.isEmpty { return .failure(DiagnosticList(state.diagnostics, partial: state.scenario)) }
        return .success(state.scenario)
    }

    /// Reads a file from disk; a file that cannot be read is one diagnostic at 1:1.
    public func parse(fileAt path: String) -> Result<Scenario, DiagnosticList> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(DiagnosticList([Diagnostic(location: SourceLocation(file: path, line: 1, column: 1),
                                                       message: "cannot read this file", lineText: "")]))
        }
        guard let source = String(data: data, encoding: .utf8) else {
            return .failure(DiagnosticList([Diagnostic(location: SourceLocation(file: path, line: 1, column: 1),
                                                       message: "a scenario file must be UTF-8 text", lineText: "")]))
        }
        return parse(source: source, path: path)
    }
}

/// The parser's working state: the scenario so far and the errors so far. Statement families
/// other than the first ones live in files of their own, as extensions (FileStatements, ...).
struct ParseState {
    let path: String
    let sourceLines: [String]
    var scenario: Scenario
    var diagnostics: [Diagnostic] = []
    var sawTitle = false
    /// The `expect event` whose indented records are being read.
    var openEvent: ExpectedEvent?
    /// Names the runner gives and the steps so far have bound.
    var boundSoFar = Set(BuiltinVariable.allCases.map(\.rawValue))
    /// What each name bound by a step stands for, so `in NAME`, `by NAME` and `fork C from P`
    /// are refused at their word when the name is of the wrong kind.
    var kinds: [String: BoundKind] = [:]
    /// Expected values are checked after the whole file: expectations are judged after every step ran.
    var deferredChecks: [(Template, LogicalLine)] = []
    /// The values of relations (`pid>$child`), checked with them; a relation captures nothing,
    /// so its names do not count towards a capture (RelationFields.swift).
    var deferredRelationChecks: [(Template, LogicalLine)] = []
    /// Whether a record line of the open `expect event` could not be read (so it is not also "empty").
    var openEventHadErrors = false
    /// The `parameters` table whose indented rows are being read (ParameterStatement.swift).
    var openParameters: ParameterTable?
    var openParametersHadErrors = false

    init(path: String, sourceLines: [String]) {
        self.path = path
        self.sourceLines = sourceLines
        self.scenario = Scenario(path: path, title: "")
    }

    // MARK: errors

    func location(_ line: LogicalLine, column: Int) -> SourceLocation {
        let place = line.position(ofColumn: column)
        return SourceLocation(file: path, line: place.line, column: place.column)
    }

    mutating func error(_ message: String, _ line: LogicalLine, column: Int, hint: String? = nil) {
        let place = location(line, column: column)
        let text = place.line - 1 < sourceLines.count ? sourceLines[place.line - 1] : ""
        diagnostics.append(Diagnostic(location: place, message: message, hint: hint,
                                      lineText: text.hasSuffix("\r") ? String(text.dropLast()) : text))
    }

    // MARK: statements

    mutating func statement(_ written: LogicalLine) {
        var line = written
        var conditionFailed = false
        let condition = revisionPrefix(&line, failed: &conditionFailed)
        if line.indented {
            if openParameters != nil {
                if condition != nil { error("a row of a parameters table cannot depend on a revision", line, column: firstColumn(written)) }
                return parameterRow(line)
            }
            guard openEvent != nil else {
                error("an indented line must be a record under 'expect event'", line, column: firstColumn(line),
                      hint: "start statements at the left margin")
                return
            }
            if conditionFailed { openEventHadErrors = true; return }
            expectedRecord(line, condition: condition)
            return
        }
        closeEvent()
        closeParameters()
        if conditionFailed { return }
        let words: [Word]
        switch WordScanner.scan(line.text) {
        case .success(let scanned): words = scanned
        case .failure(let failure):
            error(failure.message, line, column: failure.column)
            return
        }
        guard let keyword = words.first else {
            if condition != nil { error("a revision condition stands before a statement", line, column: firstColumn(written)) }
            return
        }
        let (stepsBefore, errorsBefore) = (scenario.steps.count, diagnostics.count)
        dispatch(keyword, Array(words.dropFirst()), line)
        if let condition { attach(condition, keyword: keyword, stepsBefore: stepsBefore, errorsBefore: errorsBefore, line) }
    }

    mutating func dispatch(_ keyword: Word, _ args: [Word], _ line: LogicalLine) {
        switch keyword.quoted ? "" : keyword.source {
        case "scenario": title(args, line, keyword)
        case "covers": covers(args, line, keyword)
        case "requires": requires(args, line, keyword)
        case "timeout": timeout(args, line, keyword)
        case "rule": rule(args, line, keyword)
        case "netns": netns(args, line, keyword)
        case "spawn": spawn(args, line, keyword)
        case "run": run(args, line, keyword)
        case "write": write(args, line, keyword)
        case "wait": wait(args, line, keyword)
        case "agent": agent(args, line, keyword)
        case "fork": fork(args, line, keyword)
        case "thread": thread(args, line, keyword)
        case "signal": signal(args, line, keyword)
        case "ptrace": ptrace(args, line, keyword)
        case "usermsg": userMessage(args, line, keyword)
        case "set": setting(args, line, keyword)
        case "unshare": unshare(args, line, keyword)
        case "setns": setns(args, line, keyword)
        case "exec": exec(args, line, keyword)
        case "read": read(args, line, keyword)
        case "veth": veth(args, line, keyword)
        case "ima": ima(args, line, keyword)
        case "expect": expect(args, line, keyword)
        case "parameters": parameters(args, line, keyword)
        case let word where FileOperation.keywords.contains(word): fileStatement(args, line, keyword)
        default:
            let near = Spelling.nearest(to: keyword.source, in: ScenarioParser.keywords)
            error("unknown statement '\(keyword.source)'", line, column: keyword.column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "statements are: " + ScenarioParser.keywords.joined(separator: ", "))
        }
    }

    mutating func finish() {
        closeEvent()
        closeParameters()
        checkIntegrityPolicyNeedsVM()
        if !sawTitle {
            diagnostics.append(Diagnostic(location: SourceLocation(file: path, line: 1, column: 1),
                                          message: "a scenario file must name itself with 'scenario \"TITLE\"'",
                                          lineText: sourceLines.first ?? ""))
        }
        // A name no step binds, written twice or more in the expectations, is a capture: the
        // first record that matches binds it, and the later ones must agree (`record=$n` links
        // two records). Written once, it could only be a misspelt name, or `name=*` meant.
        var uses: [String: Int] = [:]
        for (template, _) in deferredChecks {
            for (name, _) in template.variables where !boundSoFar.contains(name) { uses[name, default: 0] += 1 }
        }
        let captures = Set(uses.filter { $0.value >= 2 }.keys)
        for (template, line) in deferredChecks + deferredRelationChecks {
            check(template, line, bound: boundSoFar.union(captures), inExpectation: true)
        }
    }

    func firstColumn(_ line: LogicalLine) -> Int {
        (line.text.firstIndex { $0 != " " && $0 != "\t" }.map { line.text.distance(from: line.text.startIndex, to: $0) } ?? 0) + 1
    }

    mutating func title(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count == 1, let text = args[0].literal, !text.isEmpty else {
            error("'scenario' takes one quoted title", line, column: args.first?.column ?? keyword.column + keyword.source.count,
                  hint: "scenario \"a file created under a watched directory\"")
            return
        }
        if sawTitle { error("a file holds one scenario; this is its second title", line, column: keyword.column) }
        sawTitle = true
        scenario.title = text
    }

    mutating func covers(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count >= 2, let spec = args[0].literal else {
            error("'covers' names a spec and its items", line, column: keyword.column, hint: "covers ghak90 b1 c13.7")
            return
        }
        for word in args.dropFirst() {
            scenario.covers.append(SpecItem(spec: spec, item: word.literal ?? word.source))
        }
    }

    mutating func requires(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        if args.isEmpty { error("'requires' names one or more features", line, column: keyword.column) }
        for word in args {
            if let feature = Feature(rawValue: word.source) {
                scenario.requirements.append(Requirement(feature: feature, location: location(line, column: word.column)))
            } else {
                let known = Feature.allCases.map(\.rawValue)
                let near = Spelling.nearest(to: word.source, in: known)
                error("unknown feature '\(word.source)'", line, column: word.column,
                      hint: near.map { "did you mean '\($0)'?" } ?? "features are: " + known.joined(separator: ", "))
            }
        }
    }

    mutating func timeout(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count == 1, let seconds = Self.duration(args[0].source), seconds > 0 else {
            error("'timeout' takes one duration", line, column: args.first?.column ?? keyword.column, hint: "timeout 5s, or timeout 500ms")
            return
        }
        scenario.timeout = seconds
    }

    static func duration(_ text: String) -> Double? {
        if text.hasSuffix("ms") { return Double(text.dropLast(2)).map { $0 / 1000 } }
        if text.hasSuffix("s") { return Double(text.dropLast()) }
        return nil
    }

    mutating func netns(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count == 1, let name = identifier(args[0], line) else {
            if args.count != 1 { error("'netns' takes one name", line, column: keyword.column, hint: "netns lab") }
            return
        }
        add(.netns(name: name), line, keyword)
    }

    /// `spawn NAME [in NETNS] [new KINDS] [as UID] [without CAP...] COMMAND...`
    mutating func spawn(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard let first = args.first, let name = identifier(first, line) else {
            if args.isEmpty { error("'spawn' takes a name and a command", line, column: keyword.column, hint: "spawn child sleep 30") }
            return
        }
        var rest = Array(args.dropFirst())
        guard let options = processOptions(&rest, line, statement: "spawn \(name)", commandFollows: true,
                                           usage: "spawn NAME [in NETNS] [new KINDS] [as UID] [without CAP_NAME...] COMMAND...") else { return }
        guard !rest.isEmpty else {
            error("'spawn \(name)' needs a command to start", line, column: first.column + first.source.count, hint: "spawn \(name) sleep 30")
            return
        }
        add(.spawn(name: name, netns: options.netns, argv: rest.map(\.template), uid: options.uid,
                   dropCapabilities: options.dropCapabilities, create: options.create), line, keyword)
    }

    /// `run [in NETNS] [new KINDS] [as UID] [without CAP...] COMMAND... [=> OUTCOME]`
    mutating func run(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        let outcome = self.outcome(&rest, line, default: .exitStatus(0), allowErrno: false)
        guard let options = processOptions(&rest, line, statement: "run", commandFollows: true,
                                           usage: "run [in NETNS] [new KINDS] [as UID] [without CAP_NAME...] COMMAND... [=> exit N]") else { return }
        guard !rest.isEmpty else {
            error("'run' needs a command", line, column: keyword.column + 4, hint: "run ping -c 1 127.0.0.1")
            return
        }
        add(.run(netns: options.netns, argv: rest.map(\.template), outcome: outcome, uid: options.uid,
                 dropCapabilities: options.dropCapabilities, create: options.create), line, keyword)
    }

    /// `write FILE VALUE [by NAME] [at OFFSET] [=> OUTCOME]`
    mutating func write(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        let outcome = self.outcome(&rest, line, default: .success, allowErrno: true)
        var writer: String?
        var offset = 0
        var ending: (child: String, reaps: Bool, word: Word)?
        // The value is always the second word, so `by` and `at` are read only after it: a
        // value spelt "by" still writes "by".
        while rest.count >= 4, !rest[rest.count - 2].quoted {
            let option = rest[rest.count - 2], word = rest[rest.count - 1]
            if option.source == "ending" || option.source == "reaping" {
                guard let name = identifier(word, line) else { return }
                checkKind(name, word, line, want: [.agent], statement: "write ... \(option.source)")
                ending = (name, option.source == "reaping", option)
            } else if option.source == "by" {
                guard let name = identifier(word, line) else { return }
                checkKind(name, word, line, want: [.agent], statement: "write ... by")
                writer = name
            } else if option.source == "at" {
                guard let number = Int(word.source), number >= 0 else {
                    error("'at' takes a byte offset, a number from 0", line, column: word.column, hint: "write /proc/$child/audit_containerid 5 at 1 => offset-not-zero")
                    return
                }
                offset = number
            } else { break }
            rest.removeLast(2)
        }
        guard rest.count == 2 else {
            let options = ["by", "at", "ending", "reaping"]
            // Options are read from the end: a misspelt one stopped them, so name it if it looks like one.
            let stopped = rest.count >= 4 ? rest[rest.count - 2] : nil
            let misspelt = stopped.flatMap { Spelling.nearest(to: $0.source, in: options) } != nil ? stopped : nil
            let extra = misspelt ?? (rest.count > 2 ? rest[2] : nil)
            let near = extra.flatMap { Spelling.nearest(to: $0.source, in: options) }
            error("'write' takes a file and one value", line, column: extra?.column ?? keyword.column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "write /proc/$child/audit_containerid 123456 [by NAME] [at OFFSET] => ok (quote a value with spaces)")
            return
        }
        checkWritePath(rest[0], writer: writer, line)
        if let ending {
            // Only the target's parent can end it between its own open and write.
            guard let writer else {
                error("'\(ending.word.source)' needs the writer, the agent that forked '\(ending.child)'", line, column: ending.word.column,
                      hint: "write /proc/$kid/audit_containerid 5 by parent \(ending.word.source) kid => target-gone")
                return
            }
            add(.writeEnding(path: rest[0].template, value: rest[1].template, writer: writer, offset: offset,
                             child: ending.child, reaps: ending.reaps, outcome: outcome), line, keyword)
            return
        }
        add(.write(path: rest[0].template, value: rest[1].template, writer: writer, offset: offset, outcome: outcome), line, keyword)
    }

    /// `agent NAME [in NETNS] [new KINDS] [as UID] [without CAP_NAME...]`
    mutating func agent(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        let usage = "agent NAME [in NETNS] [new user,pid,uts,ipc,mnt,net] [as UID] [without CAP_AUDIT_CONTROL] [with tty]"
        guard let first = args.first, let name = identifier(first, line) else {
            if args.isEmpty { error("'agent' takes a name", line, column: keyword.column, hint: usage) }
            return
        }
        var rest = Array(args.dropFirst())
        guard let options = processOptions(&rest, line, statement: "agent \(name)", commandFollows: false, usage: usage) else { return }
        add(.agent(name: name, netns: options.netns, uid: options.uid, dropCapabilities: options.dropCapabilities,
                   create: options.create, terminal: options.terminal), line, keyword)
    }

    /// `fork CHILD from PARENT`
    mutating func fork(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count == 3, args[1].source == "from", !args[1].quoted else {
            let place = args.count >= 2 ? args[1].column : keyword.column
            error("'fork' takes a new name and the agent it forks from", line, column: place, hint: "fork grandchild from child")
            return
        }
        guard let child = identifier(args[0], line), let parent = identifier(args[2], line) else { return }
        checkKind(parent, args[2], line, want: [.agent], statement: "fork ... from")
        add(.fork(child: child, parent: parent), line, keyword)
    }

    /// `thread NAME`
    mutating func thread(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count == 1 else {
            error("'thread' takes the name of an agent", line, column: args.count > 1 ? args[1].column : keyword.column, hint: "thread target")
            return
        }
        guard let name = identifier(args[0], line) else { return }
        checkKind(name, args[0], line, want: [.agent], statement: "thread")
        add(.thread(name: name), line, keyword)
    }

    /// `signal SIG to NAME [from NAME] [=> OUTCOME]`
    mutating func signal(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        let outcome = self.outcome(&rest, line, default: .success, allowErrno: true)
        let usage = "signal TERM to target from killer => ok"
        guard rest.count == 3 || rest.count == 5 else {
            error("'signal' takes a signal, 'to NAME' and optionally 'from NAME'", line, column: rest.first?.column ?? keyword.column, hint: usage)
            return
        }
        guard let number = SignalNames.number(of: rest[0].source), !rest[0].quoted else {
            let near = Spelling.nearest(to: rest[0].source, in: SignalNames.all)
            error("unknown signal '\(rest[0].source)'", line, column: rest[0].column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "a name (TERM, USR1, SIGKILL) or a number from 0 to 64")
            return
        }
        guard rest[1].source == "to" else {
            error("expected 'to' before the target", line, column: rest[1].column, hint: usage)
            return
        }
        guard let target = identifier(rest[2], line) else { return }
        checkKind(target, rest[2], line, want: [.process, .agent, .program], statement: "signal ... to")
        var sender: String?
        if rest.count == 5 {
            guard rest[3].source == "from" else {
                let near = Spelling.nearest(to: rest[3].source, in: ["from"])
                error("unknown word '\(rest[3].source)'", line, column: rest[3].column, hint: near.map { "did you mean '\($0)'?" } ?? usage)
                return
            }
            guard let name = identifier(rest[4], line) else { return }
            checkKind(name, rest[4], line, want: [.agent], statement: "signal ... from")
            sender = name
        }
        if outcome.isProcessEnd { error("a signal ends in ok or an errno, not \(outcome)", line, column: keyword.column) }
        add(.signal(number: number, target: target, sender: sender, outcome: outcome), line, keyword)
    }

    /// `ptrace NAME from NAME [=> OUTCOME]`
    mutating func ptrace(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        let outcome = self.outcome(&rest, line, default: .success, allowErrno: true)
        guard rest.count == 3, rest[1].source == "from", !rest[1].quoted else {
            error("'ptrace' takes a target and 'from' the agent that traces it", line,
                  column: rest.count >= 2 ? rest[1].column : keyword.column, hint: "ptrace target from tracer")
            return
        }
        guard let target = identifier(rest[0], line), let tracer = identifier(rest[2], line) else { return }
        checkKind(target, rest[0], line, want: [.process, .agent, .program], statement: "ptrace")
        checkKind(tracer, rest[2], line, want: [.agent], statement: "ptrace ... from")
        if outcome.isProcessEnd { error("ptrace ends in ok or an errno, not \(outcome)", line, column: keyword.column) }
        add(.ptrace(target: target, tracer: tracer, outcome: outcome), line, keyword)
    }

    /// `set SETTING VALUE`: a machine-wide setting, put back after the scenario.
    mutating func setting(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        let names = AuditSettingName.allCases.map(\.rawValue)
        guard args.count == 2 else {
            error("'set' takes a setting and a number", line, column: args.count > 2 ? args[2].column : keyword.column,
                  hint: "set backlog_limit 64 (settings: \(names.joined(separator: ", ")))")
            return
        }
        guard let name = AuditSettingName(rawValue: args[0].source), !args[0].quoted else {
            let near = Spelling.nearest(to: args[0].source, in: names)
            error("unknown setting '\(args[0].source)'", line, column: args[0].column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "settings: " + names.joined(separator: ", "))
            return
        }
        guard let value = UInt32(args[1].source) else {
            error("'\(name.rawValue)' takes a number from 0 to 4294967295", line, column: args[1].column)
            return
        }
        if let refusal = name.refusal(of: value) {
            error(refusal, line, column: args[1].column)
            return
        }
        add(.setting(name, value: value), line, keyword)
    }

    /// `usermsg TEXT [from NAME] [=> OUTCOME]`
    mutating func userMessage(_ arguments: [Word], _ line: LogicalLine, _ keyword: Word) {
        var args = arguments
        let outcome = self.outcome(&args, line, default: .success, allowErrno: true)
        switch outcome {
        case .exitStatus, .killed, .refusal:
            error("a user message ends in ok or an errno name, not \(outcome)", line, column: keyword.column)
            return
        case .success, .errno: break
        }
        guard args.count == 1 || args.count == 3 else {
            error("'usermsg' takes one text (quote it) and optionally 'from NAME'", line,
                  column: args.count > 1 ? args[1].column : keyword.column, hint: "usermsg \"text=hello\" from sender")
            return
        }
        var sender: String?
        if args.count == 3 {
            guard args[1].source == "from", !args[1].quoted else {
                let near = Spelling.nearest(to: args[1].source, in: ["from"])
                error("unknown word '\(args[1].source)'", line, column: args[1].column, hint: near.map { "did you mean '\($0)'?" })
                return
            }
            guard let name = identifier(args[2], line) else { return }
            checkKind(name, args[2], line, want: [.agent], statement: "usermsg ... from")
            sender = name
        }
        add(.userMessage(text: args[0].template, sender: sender, outcome: outcome), line, keyword)
    }

    mutating func wait(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        let outcome = self.outcome(&rest, line, default: .exitStatus(0), allowErrno: false)
        guard rest.count == 1, let name = identifier(rest[0], line) else {
            if rest.count != 1 { error("'wait' takes the name of a spawned process", line, column: keyword.column, hint: "wait writer => exit 0") }
            return
        }
        checkKind(name, rest[0], line, want: [.process, .program], statement: "wait")
        add(.wait(name: name, outcome: outcome), line, keyword)
    }

    mutating func add(_ action: Action, _ line: LogicalLine, _ keyword: Word) {
        checkVariables(of: action, line)
        refuseBindingAParameter(action, line)
        scenario.steps.append(Step(action: action, location: location(line, column: keyword.column)))
        if let name = action.boundName {
            boundSoFar.insert(name)
            kinds[name] = action.boundKind
            // Every process, and a namespace's holder, is in a network namespace.
            if action.boundKind != .value { boundSoFar.insert(name + ".netns") }
        }
        if case .thread(let name) = action { boundSoFar.insert(name + ".tid") }
        if action.changesGlobalState { scenario.changesGlobalState = true }
    }

    /// Takes `=> ok`, `=> EBUSY` or `=> exit N` off the end of a statement.
    mutating func outcome(_ words: inout [Word], _ line: LogicalLine, default fallback: ExpectedOutcome,
                          allowErrno: Bool) -> ExpectedOutcome {
        guard let arrow = words.lastIndex(where: { !$0.quoted && $0.source == "=>" }) else { return fallback }
        let tail = Array(words[(arrow + 1)...])
        words.removeSubrange(arrow...)
        let expected = allowErrno ? "ok, an errno name (EBUSY), a refusal name (threaded) or exit N"
            : "ok, exit N or killed SIGNAL"
        switch tail.map(\.source) {
        case ["ok"]:
            return allowErrno ? .success : .exitStatus(0)
        case let sources where sources.count == 2 && sources[0] == "exit":
            if let status = Int32(sources[1]), status >= 0, status < 256 { return .exitStatus(status) }
            error("an exit status is a number from 0 to 255", line, column: tail[1].column)
        case let sources where sources.count == 2 && sources[0] == "killed":
            if let signal = SignalNames.number(of: sources[1]), signal > 0 { return .killed(signal: signal) }
            let near = Spelling.nearest(to: sources[1], in: SignalNames.all)
            error("unknown signal '\(sources[1])'", line, column: tail[1].column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "write a name (KILL, SIGTERM) or a number from 1 to 64")
        case let sources where sources.count == 1 && allowErrno && Errno.looksLikeName(sources[0]):
            if Errno(named: sources[0]) == nil {
                let near = Spelling.nearest(to: sources[0], in: Errno.allNames)
                error("unknown errno '\(sources[0])'", line, column: tail[0].column, hint: near.map { "did you mean '\($0)'?" })
            }
            return .errno(sources[0])
        case let sources where sources.count == 1 && allowErrno && sources[0].first?.isLowercase == true:
            guard BuiltinProfiles.refusalNames.contains(sources[0]) else {
                let near = Spelling.nearest(to: sources[0], in: BuiltinProfiles.refusalNames)
                error("unknown refusal '\(sources[0])'", line, column: tail[0].column,
                      hint: near.map { "did you mean '\($0)'?" } ?? "refusals: " + BuiltinProfiles.refusalNames.joined(separator: ", "))
                return fallback
            }
            return .refusal(sources[0])
        default:
            error("after '=>' write \(expected)", line, column: tail.first?.column ?? words.last.map { $0.column + $0.source.count + 1 } ?? 1)
        }
        return fallback
    }

    mutating func identifier(_ word: Word, _ line: LogicalLine) -> String? {
        let text = word.source
        guard !word.quoted, let first = text.first, first.isLetter || first == "_",
              text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            error("'\(text)' is not a name: use letters, digits and _", line, column: word.column)
            return nil
        }
        if BuiltinVariable(rawValue: text) != nil {
            error("'\(text)' is given by the runner and cannot be bound here", line, column: word.column)
            return nil
        }
        return text
    }

    // MARK: rules

    mutating func rule(_ arguments: [Word], _ line: LogicalLine, _ keyword: Word) {
        var spec = RuleSpec()
        var args = arguments
        let arrow = args.last { !$0.quoted && $0.source == "=>" }
        spec.outcome = outcome(&args, line, default: .success, allowErrno: true)
        switch spec.outcome {
        case .exitStatus, .killed:
            error("a rule's outcome is ok, an errno name (EINVAL) or a refusal name", line, column: arrow?.column ?? keyword.column)
        case .success, .errno, .refusal:
            break
        }
        var sawList = false
        var i = 0
        func value(_ option: Word) -> Word? {
            guard i + 1 < args.count else {
                error("'\(option.source)' needs a value", line, column: option.column)
                return nil
            }
            i += 1
            return args[i]
        }
        while i < args.count {
            let option = args[i]
            switch option.quoted ? "" : option.source {
            case "-a", "-A", "-d":
                spec.prepend = option.source == "-A"
                spec.deletes = option.source == "-d"
                sawList = true  // even when its value is wrong: one error, not two
                guard let word = value(option) else { break }
                let parts = word.source.split(separator: ",").map(String.init)
                guard parts.count == 2,
                      let list = parts.first(where: { RuleSpec.lists.contains($0) }),
                      let action = parts.first(where: { RuleSpec.actions.contains($0) }) else {
                    error("'\(word.source)' is not LIST,ACTION", line, column: word.column,
                          hint: "lists: \(RuleSpec.lists.sorted().joined(separator: ", ")); actions: always, never (for example -a always,exit)")
                    break
                }
                spec.list = list
                spec.action = action
            case "-F":
                guard let word = value(option) else { break }
                if !word.source.contains(where: { "=<>&".contains($0) }) {
                    error("'-F' takes name=value (or !=, <, >, <=, >=, &, &=)", line, column: word.column, hint: "-F dir=$tmp")
                }
                spec.fields.append(word.template)
            case "-C":
                guard let word = value(option) else { break }
                spec.comparisons.append(word.template)
            case "-S":
                guard let word = value(option) else { break }
                spec.syscalls += word.source.split(separator: ",").map(String.init)
            case "-k":
                guard let word = value(option) else { break }
                spec.fields.append(Template(parts: [.literal("key=")] + word.template.parts))
            case "-w", "-W":
                guard let word = value(option) else { break }
                spec.watch = word.template
                spec.deletes = option.source == "-W"
                sawList = true
            case "-p":
                guard let word = value(option) else { break }
                guard word.source.allSatisfy({ "rwxa".contains($0) }), !word.source.isEmpty else {
                    error("permissions are letters from r, w, x, a", line, column: word.column)
                    break
                }
                spec.permissions = word.source
            default:
                error("unknown rule option '\(option.source)'", line, column: option.column,
                      hint: "rules use auditctl's options: -a LIST,ACTION (-d to delete) -S SYSCALL -F NAME=VALUE -C A=B -k KEY -w PATH (-W) -p PERMS")
            }
            i += 1
        }
        if !sawList {
            error("a rule needs '-a LIST,ACTION' or '-w PATH' (or '-d', '-W' to delete one)", line, column: keyword.column, hint: "rule -a always,exit -F dir=$tmp -k $key")
            return
        }
        add(.rule(spec), line, keyword)
    }

    // MARK: expectations

    /// `expect [no | N | at least N] event[s] [unordered] [exact] [within DURATION] [from ausearch]`
    mutating func expect(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var words = args.filter { !$0.quoted }
        let usage = "expect [no | N | at least N] event[s] [unordered] [exact] [within 2s] [from ausearch]"
        var count = EventCount.atLeast(1)
        // Even a wrong 'expect' line opens its block, so its records are not also reported as stray.
        func fail(_ message: String, _ word: Word?) {
            error(message, line, column: word?.column ?? keyword.column + keyword.source.count + 1, hint: usage)
            openEvent = ExpectedEvent(records: [], location: location(line, column: keyword.column))
            openEventHadErrors = true
        }
        guard words.count == args.count else { return fail("'expect' takes no quoted words", args.first { $0.quoted }) }
        // How many.
        if words.first?.source == "no" {
            count = .exactly(0)
            words.removeFirst()
        } else if words.count >= 2, words[0].source == "at", words[1].source == "least" {
            guard words.count >= 3, let n = Int(words[2].source), n >= 1 else { return fail("'at least' takes a number from 1", words.dropFirst(2).first) }
            count = .atLeast(n)
            words.removeFirst(3)
        } else if let first = words.first, let n = Int(first.source) {
            guard n >= 0 else { return fail("an event count is 0 or more", first) }
            count = .exactly(n)
            words.removeFirst()
        }
        guard let noun = words.first, noun.source == "event" || noun.source == "events" else {
            return fail("'expect' is followed by 'event'", words.first)
        }
        words.removeFirst()
        var event = ExpectedEvent(records: [], location: location(line, column: keyword.column), count: count)
        while let word = words.first {
            words.removeFirst()
            switch word.source {
            case "unordered": event.ordered = false
            case "exact": event.exact = true
            case "within":
                guard let value = words.first, let seconds = Self.duration(value.source), seconds > 0 else {
                    return fail("'within' takes a duration such as 2s or 500ms", words.first ?? word)
                }
                words.removeFirst()
                event.within = seconds
            case "from":
                guard words.first?.source == "ausearch" else { return fail("'from' is followed by 'ausearch'", words.first ?? word) }
                words.removeFirst()
                event.pastedFromAusearch = true
            default:
                let near = Spelling.nearest(to: word.source, in: ["unordered", "exact", "within", "from"])
                error("unknown word '\(word.source)' after 'expect'", line, column: word.column,
                      hint: near.map { "did you mean '\($0)'?" } ?? usage)
                openEvent = event
                openEventHadErrors = true
                return
            }
        }
        openEvent = event
        openEventHadErrors = false
    }

    mutating func closeEvent() {
        guard var event = openEvent else { return }
        openEvent = nil
        // ausearch prints each event newest record first (spec/records.md): back to arrival order.
        if event.pastedFromAusearch { event.records.reverse() }
        if event.records.isEmpty, !openEventHadErrors {
            let place = event.location
            diagnostics.append(Diagnostic(location: place, message: "'expect event' needs at least one record on an indented line below it",
                                          hint: "    type=SYSCALL key=$key", lineText: sourceLines[place.line - 1]))
            return
        }
        scenario.expectations.append(event)
    }

    /// `type=NAME field=value ...`, as the kernel or auditd prints it; a pasted `msg=audit(...):` is ignored.
    mutating func expectedRecord(_ line: LogicalLine, condition: RevisionCondition? = nil) {
        let errorsBefore = diagnostics.count
        defer { if diagnostics.count > errorsBefore { openEventHadErrors = true } }
        var text = line.text
        // A stamp pasted from ausearch -i (" : " after it) says where the block came from.
        if Self.blankStamp(&text) == .interpreted { openEvent?.pastedFromAusearch = true }
        let items: [FieldScanner.Item]
        switch FieldScanner.scan(Substring(text)) {
        case .success(let scanned): items = scanned
        case .failure(let failure):
            error(failure.message, line, column: failure.offset + 1)
            return
        }
        guard let first = items.first, !first.isBareWord, first.name == "type", !first.value.isEmpty else {
            if let condition, !items.isEmpty { return conditionalFields(items, condition: condition, line) }
            error("a record starts with type=NAME", line, column: firstColumn(line), hint: "    type=SYSCALL success=yes key=$key")
            return
        }
        let typeCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_[]")
        guard first.value.allSatisfy({ typeCharacters.contains($0) }) else {
            error("'\(first.value)' is not a record type name", line, column: first.valueOffset + 1)
            return
        }
        let fields = fieldExpectations(Array(items.dropFirst()), recordType: first.value, line)
        let record = ExpectedRecord(type: first.value, fields: fields, location: location(line, column: first.offset + 1),
                                    condition: condition)
        openEvent?.records.append(record)
    }

    /// The `name=value`, `name=*`, `!name`, `name~=REGEX` and `name>=N` items of a record line.
    mutating func fieldExpectations(_ items: [FieldScanner.Item], recordType: String, _ line: LogicalLine) -> [FieldExpectation] {
        var fields: [FieldExpectation] = []
        for item in items {
            let place = location(line, column: item.offset + 1)
            if item.isBareWord {
                if let (name, relation, value) = Self.bareRelation(item.name) {
                    let valueColumn = item.offset + 1 + name.count + relation.rawValue.count
                    if let field = relationField(name, relation, value: String(value), quoting: .bare, recordType: recordType,
                                                 line, column: item.offset + 1, valueColumn: valueColumn) {
                        fields.append(field)
                    }
                } else if item.name.hasPrefix("!"), item.name.count > 1 {
                    fields.append(FieldExpectation(name: String(item.name.dropFirst()), matcher: .absent, location: place))
                } else {
                    error("'\(item.name)' is not name=value", line, column: item.offset + 1,
                          hint: "write name=value, name=* (any value), !name (absent) or name>=NUMBER")
                }
                continue
            }
            // Double quotes take the escapes words do (docs/scenario-language.md): `\"` `\n` `\t` `\\` `\$`.
            var item = item
            var columns: [Int]?
            if item.quoting == .double {
                let (text, sourceColumns) = Self.unescaped(item.value, column: item.valueOffset + 1, dollar: item.name.hasSuffix("~") ? "$" : "$$")
                (item.value, columns) = (text, sourceColumns)
            }
            if let (name, relation) = Self.pairRelation(item.name) {
                if let field = relationField(name, relation, value: item.value, quoting: item.quoting, recordType: recordType,
                                             line, column: item.offset + 1, valueColumn: item.valueOffset + 1) {
                    fields.append(field)
                }
            } else if item.name.hasSuffix("~") {
                let pattern = item.value
                if (try? Regex(pattern)) == nil {
                    error("'\(pattern)' is not a valid regular expression", line, column: item.valueOffset + 1)
                }
                fields.append(FieldExpectation(name: String(item.name.dropLast()), matcher: .regex(pattern), location: place))
            } else if item.value == "*", item.quoting == .bare {
                fields.append(FieldExpectation(name: item.name, matcher: .present, location: place))
            } else {
                let template = item.quoting == .single ? Template.literal(item.value)
                    : columns.map { Template.parse(item.value, columns: $0) } ?? Template.parse(item.value, column: item.valueOffset + 1)
                deferredChecks.append((template, line))
                fields.append(FieldExpectation(name: item.name, matcher: .equals(template), location: place))
            }
        }
        return fields
    }

    /// A double-quoted value with its escapes read (`\"` `\n` `\t` `\\`, and `\$` as `dollar`:
    /// `$$`, a literal dollar to a template), and the source column of each character. Any
    /// other backslash stays, as in a shell's double quotes (`\d` of a regular expression).
    static func unescaped(_ value: String, column: Int, dollar: String) -> (String, [Int]) {
        var text = ""
        var columns: [Int] = []
        let chars = Array(value)
        var i = 0
        while i < chars.count {
            let here = column + i
            if chars[i] == "\\", i + 1 < chars.count {
                let escaped: String? = switch chars[i + 1] {
                case "\"": "\""
                case "\\": "\\"
                case "n": "\n"
                case "t": "\t"
                case "$": dollar
                default: nil
                }
                if let escaped {
                    text += escaped
                    columns += Array(repeating: here, count: escaped.count)
                    i += 2
                    continue
                }
            }
            text.append(chars[i])
            columns.append(here)
            i += 1
        }
        return (text, columns)
    }

    enum PastedStamp { case none, raw, interpreted }

    /// Blanks out `msg=audit(...):` (or ` : ` as ausearch -i writes it), keeping every other
    /// column in place, and says which form it was.
    @discardableResult
    static func blankStamp(_ text: inout String) -> PastedStamp {
        guard let start = text.range(of: "msg=audit(") else { return .none }
        guard let close = text[start.upperBound...].firstIndex(of: ")") else { return .none }
        var end = text.index(after: close)
        while end < text.endIndex, text[end] == " " { end = text.index(after: end) }
        guard end < text.endIndex, text[end] == ":" else { return .none }
        let form: PastedStamp = text.index(after: close) < end ? .interpreted : .raw
        end = text.index(after: end)
        let width = text.distance(from: start.lowerBound, to: end)
        text.replaceSubrange(start.lowerBound..<end, with: String(repeating: " ", count: width))
        return form
    }

    // MARK: variables

    /// Reports each `$name` of `template` that is not in `bound`, at its own line and column.
    mutating func check(_ template: Template, _ line: LogicalLine, bound: Set<String>, inExpectation: Bool = false) {
        for (name, column) in template.variables where !bound.contains(name) {
            let near = Spelling.nearest(to: name, in: bound)
            let bind = "bind it with 'spawn \(name) ...' before it is used"
            error("'$\(name)' is not bound here", line, column: column,
                  hint: near.map { "did you mean '$\($0)'?" }
                      ?? (inExpectation ? bind + ", or write it in two expected fields to capture a value (record=$\(name) in both)" : bind))
        }
    }

    /// A step may use the runner's names and those bound by the steps before it.
    mutating func checkVariables(of action: Action, _ line: LogicalLine) {
        let bound = boundSoFar
        switch action {
        case .rule(let spec):
            for template in spec.fields + spec.comparisons + [spec.watch].compactMap({ $0 }) { check(template, line, bound: bound) }
        case .spawn(_, _, let argv, _, _, _), .run(_, let argv, _, _, _, _), .exec(_, let argv, _):
            for template in argv { check(template, line, bound: bound) }
        case .write(let path, let value, _, _, _), .writeEnding(let path, let value, _, _, _, _, _):
            check(path, line, bound: bound)
            check(value, line, bound: bound)
        case .userMessage(let text, _, _):
            check(text, line, bound: bound)
        case .integrityPolicy(let rule, _, _):
            check(rule, line, bound: bound)
        case .read(let read):
            for template in read.templates { check(template, line, bound: bound) }
        case .file(let operation, _, _):
            for template in operation.templates { check(template, line, bound: bound) }
        case .wait, .netns, .agent, .fork, .thread, .signal, .ptrace, .setting, .unshare, .setns, .veth:
            break
        }
    }

    /// A name a statement refers to must be bound by an earlier step, and be of a kind the
    /// statement can use (a network namespace for `in`, an agent for `by` and `from`).
    mutating func checkKind(_ name: String, _ word: Word, _ line: LogicalLine, want: Set<BoundKind>, statement: String) {
        guard boundSoFar.contains(name) else {
            let candidates = Set(kinds.filter { want.contains($0.value) }.keys)
            let near = Spelling.nearest(to: name, in: candidates)
            let binder = want.contains(.agent) ? "agent" : want.contains(.process) ? "spawn" : "netns"
            error("'\(name)' is not bound by an earlier '\(binder)'", line, column: word.column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "bind it first: '\(binder) \(name) ...'")
            return
        }
        guard let kind = kinds[name], want.contains(kind) else {
            let what = kinds[name].map { Self.words(for: $0) } ?? "given by the runner"
            let needed = want.sorted { $0.rawValue < $1.rawValue }.map { Self.words(for: $0) }.joined(separator: " or ")
            error("'\(statement)' needs \(needed), but '\(name)' is \(what)", line, column: word.column,
                  hint: want.contains(.agent) ? "start it with 'agent \(name)' (or 'fork \(name) from PARENT') to command it" : nil)
            return
        }
    }

    static func words(for kind: BoundKind) -> String {
        switch kind {
        case .netns: return "a network namespace"
        case .process: return "a spawned process"
        case .agent: return "an agent"
        case .program: return "an agent that exec'd a program"
        case .value: return "a value read from a file"
        }
    }
}
