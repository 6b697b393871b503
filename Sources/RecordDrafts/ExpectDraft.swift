import AuditRecords
import Matching
import ScenarioLanguage

/// A draft of a scenario's `expect` blocks, written from what the kernel logged when its
/// actions ran (`auditspec record`): one `expect event` block per event of the scenario's own,
/// in arrival order, each record `type=NAME field=value ...` as the kernel sent it, for a
/// person to trim to what the scenario must prove. A new revision's drafts are compared as a
/// diff, not retyped.
///
/// The run's values are put back as the scenario's variables: the pid of a process it started
/// (`pid=$writer`, `opid=$child`, `$target.tid`), `$tmp` in paths and command lines, `$key`,
/// `$mark`, `$NAME.netns`, and a value it read (`ses=$ses`). Values the kernel hex-encoded are
/// written as their text where the matcher reads the text (`name=$tmp/created`). Fields that
/// change from run to run with no variable for them are left out (`LeftOut`), and the heading
/// lists them. EOE is left out too. Record types are named as the run's parser named them,
/// through the profile in force (a V11 1336 with `contid=` is `CONTAINER_ID`, not URINGOP).
///
/// The draft, parsed back, matches the records it was written from (tested).
public struct ExpectDraft: Sendable {
    /// One record line, already in the language, and one event's lines.
    public typealias Event = [String]

    public var scenarioPath: String
    public var title: String
    public var events: [Event]
    /// What was left out, and from which `TYPE field`.
    public var leftOut: [LeftOut: Set<String>]
    /// Why there is no draft (a skip, an error before the records), if there is none.
    public var missing: String?
    /// How the scenario's own expectations fared on these records: PASS, FAIL.
    public var verdictLabel: String

    /// The draft of one live run's result of `scenario` (its bindings say what each value was).
    public init(scenario: Scenario, result: ScenarioResult) {
        scenarioPath = result.path
        title = result.title
        events = []
        leftOut = [:]
        verdictLabel = result.verdict.label
        switch result.verdict {
        case .skipped(let reason):
            missing = "skipped: \(reason)"
            return
        case .error(let phase, let message):
            missing = "error at \(phase): \(message)"
            return
        case .passed, .failed:
            missing = nil
        }
        guard let bindings = result.bindings else {
            missing = "the result holds no bindings of a live run (a replay, or an older auditspec)"
            return
        }
        let variables = DraftVariables(scenario: scenario, bindings: bindings)
        for event in Self.events(of: result.records) {
            let auxiliary: Set<String> = ["PROCTITLE", "CWD", "PATH", "SOCKADDR", "EXECVE", "EOE"]
            if event.records.allSatisfy({ auxiliary.contains($0.type) }) {
                leftOut[.fragment, default: []].insert(event.records.filter { !$0.isEndOfEvent }.map(\.type).joined(separator: "+"))
                continue
            }
            if let runner = variables.runnerPID, Self.isRunnersOwnSocketWork(event, runner: runner) {
                leftOut[.auditspecItself, default: []].insert("events of its own audit sockets")
                continue
            }
            let lines = event.records.filter { !$0.isEndOfEvent }.map { write($0, in: event, variables: variables) }
            if !lines.isEmpty { events.append(lines) }
        }
    }

    /// The records of a result as events: those of one event arrive together, under one stamp.
    static func events(of records: [AuditRecord]) -> [AuditEvent] {
        var events: [AuditEvent] = []
        for record in records {
            if let last = events.last, let stamp = record.stamp, last.stamp == stamp {
                events[events.count - 1].records.append(record)
            } else {
                events.append(AuditEvent(stamp: record.stamp, records: [record]))
            }
        }
        // An argument the kernel cut into pieces is written whole, as the matcher reads it.
        return events.map { $0.joiningExecveArguments() }
    }

    private mutating func write(_ record: AuditRecord, in event: AuditEvent, variables: DraftVariables) -> String {
        let type = record.type
        // Records of the runner's own system calls: its command line is not the scenario's.
        let byRunner = variables.runnerPID != nil && event.records.contains { $0.type == "SYSCALL" && $0[field: "pid"] == variables.runnerPID }
        var written: [String] = ["type=" + type]
        let fields = Self.fieldsToWrite(of: record)
        for (index, field) in fields.enumerated() {
            let name = field.name
            func leave(_ why: LeftOut) { leftOut[why, default: []].insert("\(type) \(name)") }
            let decoded = field.quoting == .bare ? DraftFields.decodedText(field.value, field: name, type: type) : nil
            let value = decoded ?? field.value
            if let why = Self.changing(name, value, type: type, byRunner: byRunner, variables: variables) { leave(why); continue }
            let parts: [Template.Part]
            if let whole = variables.name(forValue: value, field: name) {
                parts = [.variable(whole, column: 0)]
            } else if decoded != nil || field.quoting != .bare {
                parts = variables.template(for: value)
            } else {
                parts = [.literal(value)]
            }
            if name == "cwd", !parts.contains(where: { if case .variable = $0 { return true } else { return false } }) {
                leave(.auditspecItself)
                continue
            }
            // The kernel logs at most 128 bytes of a program's title.
            let bytes = decoded != nil ? field.value.utf8.count / 2 : field.value.utf8.count
            if name == "proctitle", bytes >= 128, variables.endsInsideAValue(value) {
                leave(.cutInsideAValue)
                continue
            }
            if let text = DraftValue.write(name: name, parts: parts, lastOnLine: index == fields.count - 1) {
                written.append(text)
            } else if decoded != nil, let raw = DraftValue.write(name: name, parts: [.literal(field.value)], lastOnLine: false) {
                written.append(raw)  // the kernel's hex, which matches as it is
            } else {
                leave(.unwritable)
            }
        }
        return written.joined(separator: " ")
    }

    /// The fields of `record` a draft writes, each name once: a user message's msg='...' is
    /// written as its fields, which the matcher reads one by one, and an EXECVE argument whole.
    private static func fieldsToWrite(of record: AuditRecord) -> [RecordField] {
        var seen = Set<String>()
        return record.fields.filter { field in
            guard !field.name.isEmpty, !seen.contains(field.name) else { return false }
            if field.quoting == .single, !field.nested, record.fields.contains(where: \.nested) { return false }
            if record.type == "EXECVE", ExecvePiece.isPiece(field.name, in: record) { return false }
            seen.insert(field.name)
            return true
        }
    }

    /// Why a field's value (`value`, decoded if the kernel hex-encoded it) is left out, as one
    /// that changes from run to run with no variable for it; nil if nothing yet says so.
    private static func changing(_ name: String, _ value: String, type: String, byRunner: Bool,
                                 variables: DraftVariables) -> LeftOut? {
        if DraftFields.isSession(name), variables.name(forValue: value, field: name) == nil { return .session }
        if name == "inode" || name == "ino" { return .inode }
        if variables.isUnnamedProcess(value, field: name) { return .unnamedProcess }
        if DraftFields.isCallArgument(name, type: type) {
            if byRunner { return .auditspecItself }
            if DraftFields.looksLikeAddress(value) { return .address }
            if variables.isProcessArgument(value) { return .pidArgument }
        }
        if byRunner, type == "SYSCALL", name == "exit" { return .auditspecItself }
        if name == "exe", DraftFields.isAuditspecProgram(value) { return .auditspecItself }
        if name == "proctitle", byRunner || DraftFields.isAuditspecProgram(String(value.split(separator: " ").first ?? "")) {
            return .auditspecItself
        }
        if name == "tty", value.hasPrefix("pts") { return .terminal }
        return nil
    }

    /// Whether an event is auditspec talking to the kernel's audit for its own reading (a
    /// reader joining the multicast group, a status request), none of the scenario's doing: a
    /// system call of the runner's to a netlink address (family 16), with nothing beside it
    /// that an action logs (a rule's CONFIG_CHANGE, a user message).
    static func isRunnersOwnSocketWork(_ event: AuditEvent, runner: String) -> Bool {
        // No statement makes a scenario's process join or leave the multicast group: one of
        // auditspec's programs doing so (a namespace holder closing the socket it inherited) is its own.
        if event.records.contains(where: { $0.type == "EVENT_LISTENER" && DraftFields.isAuditspecProgram($0[field: "exe"] ?? "") }) {
            return true
        }
        guard event.records.contains(where: { $0.type == "SYSCALL" && $0[field: "pid"] == runner }) else { return false }
        if event.records.contains(where: { $0.type == "EVENT_LISTENER" }) { return true }
        let own: Set<String> = ["SYSCALL", "SOCKADDR", "PROCTITLE", "EOE"]
        return event.records.allSatisfy { own.contains($0.type) }
            && event.records.contains { $0.type == "SOCKADDR" && $0[field: "saddr"]?.hasPrefix("1000") == true }
    }

    /// The draft as text: a heading of comments, then the blocks.
    public func text(heading extra: [String] = []) -> String {
        var lines = ["# auditspec record: \(scenarioPath): \(title)"]
        lines += extra.map { "# " + $0 }
        if let missing {
            lines.append("# no draft: \(missing)")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("# \(events.count) event\(events.count == 1 ? "" : "s") of the scenario's own, in arrival order; "
                     + "its expect blocks as written: \(verdictLabel). Trim each block to what the scenario must prove.")
        if !leftOut.isEmpty {
            lines.append("# Left out, as they change from run to run and no variable names them:")
            for why in leftOut.keys.sorted() {
                lines.append("#   \(why.rawValue): " + leftOut[why]!.sorted().joined(separator: ", "))
            }
        }
        if events.isEmpty { lines.append("# (the kernel logged no event of the scenario's own)") }
        for event in events {
            lines.append("")
            lines.append("expect event")
            lines += event.map { "    " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// EXECVE's `aN[i]` pieces and `aN_len`, which the whole argument `aN` replaces.
enum ExecvePiece {
    static func isPiece(_ name: String, in record: AuditRecord) -> Bool {
        if name.hasSuffix("]"), name.contains("[") { return true }
        if name.hasSuffix("_len"), record[field: String(name.dropLast(4))] != nil { return true }
        return false
    }
}
