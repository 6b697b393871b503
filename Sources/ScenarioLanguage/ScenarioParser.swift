import AuditRecords
import Foundation
import Profiles

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

    /// Every statement's keyword, in the reference's order (StatementTable).
    public static let keywords = StatementTable.forms.map(\.keyword)

    /// Every statement's synopsis, as the reference (docs/scenario-language.md) writes it.
    public static let synopses: [String] = StatementTable.forms.map(\.synopsis)

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
        guard !keyword.quoted, let form = StatementTable.byKeyword[keyword.source] else {
            let near = Spelling.nearest(to: keyword.source, in: ScenarioParser.keywords)
            error("unknown statement '\(keyword.source)'", line, column: keyword.column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "statements are: " + ScenarioParser.keywords.joined(separator: ", "))
            return
        }
        form.parse(&self, args, line, keyword)
    }

    mutating func finish() {
        closeEvent()
        closeParameters()
        checkVirtualMachineOnly()
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

    mutating func add(_ action: Action, _ line: LogicalLine, _ keyword: Word) {
        let statement = action.statement
        for template in statement.templates { check(template, line, bound: boundSoFar) }
        refuseBindingAParameter(action, line)
        scenario.steps.append(Step(action: action, location: location(line, column: keyword.column)))
        if let binding = statement.binding {
            boundSoFar.insert(binding.name)
            kinds[binding.name] = binding.kind
            // Every process, and a namespace's holder, is in a network namespace.
            if binding.kind != .value { boundSoFar.insert(binding.name + ".netns") }
        }
        boundSoFar.formUnion(statement.valueNames)
        if statement.changesGlobalState { scenario.changesGlobalState = true }
    }
}
