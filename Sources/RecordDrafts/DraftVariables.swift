import Matching
import ScenarioLanguage

/// The values one live run bound, turned back into the scenario's words: a pid is `$writer`,
/// a path under the private directory `$tmp/...`, the rule key `$key`.
///
/// Built from the run's bindings and the scenario's steps, which say what each name is (a
/// process, a value read from a file, a row's value): only a process's name stands for a
/// pid, and only in the fields that hold one.
struct DraftVariables {
    /// A pid (or a thread's tid) and the name that stands for it, `writer` or `target.tid`.
    private(set) var processes: [String: String] = [:]
    /// A network namespace's inode number and `NAME.netns`.
    private(set) var namespaces: [String: String] = [:]
    /// Values read from files (`read ses from ...`), by name: put back only in a field of the
    /// same name (`ses=$ses`), since a short number is too likely to stand elsewhere by chance.
    private(set) var readValues: [String: String] = [:]
    /// Long values that change every run and stand inside text too: `$tmp`, `$key`, `$mark`.
    private(set) var texts: [(name: String, value: String)] = []
    let runnerPID: String?

    init(scenario: Scenario, bindings: RunBindings) {
        let values = bindings.variables
        runnerPID = bindings.runnerPID.map(String.init)
        // In step order, so that of two names for one value the first bound wins, every time.
        var netnsNames: [String] = []
        for step in scenario.steps {
            guard let name = step.action.boundName, let kind = step.action.boundKind else { continue }
            switch kind {
            case .process, .agent, .program, .netns:
                if let pid = values[name], processes[pid] == nil { processes[pid] = name }
                if kind == .netns { netnsNames.insert(name, at: 0) } else { netnsNames.append(name) }
            case .value:
                if let value = values[name], !value.isEmpty { readValues[name] = value }
            }
        }
        for (key, tid) in values where key.hasSuffix(".tid") && processes[tid] == nil {
            processes[tid] = key
        }
        // A namespace's own name first (`netns lab`), then its processes in step order.
        for name in netnsNames {
            if let inode = values[name + ".netns"], namespaces[inode] == nil { namespaces[inode] = name + ".netns" }
        }
        for builtin in BuiltinVariable.allCases {
            if let value = values[builtin.rawValue], value.count >= 3 { texts.append((builtin.rawValue, value)) }
        }
        // The longest first: no value is found inside another's replacement.
        texts.sort { $0.value.count > $1.value.count }
    }

    /// The name standing for a whole value of a field, if one does.
    func name(forValue value: String, field: String) -> String? {
        if DraftFields.holdsProcessID(field), let name = processes[value] { return name }
        if let name = namespaces[value] { return name }
        if let read = readValues[field], read == value { return field }
        for (name, text) in texts where text == value { return name }
        return nil
    }

    /// Whether a system call argument (hex) is the pid of a process of the run.
    func isProcessArgument(_ value: String) -> Bool {
        guard let number = UInt64(value, radix: 16), number > 1 else { return false }
        let decimal = String(number)
        return processes[decimal] != nil || decimal == runnerPID
    }

    /// Whether a pid-holding field names a process the scenario did not name.
    func isUnnamedProcess(_ value: String, field: String) -> Bool {
        DraftFields.holdsProcessID(field) && processes[value] == nil
    }

    /// Text with the run's values in it (a path, a command line) as a template: `$tmp`, `$key`
    /// and `$mark` wherever they stand, and a pid where it stands as a whole number between
    /// slashes or blanks (`/proc/$child/audit_containerid`, `kill -TERM $victim`).
    func template(for text: String) -> [Template.Part] {
        var parts: [Template.Part] = [.literal(text)]
        for (name, value) in texts { parts = replacing(value, with: name, in: parts) }
        guard !processes.isEmpty else { return parts }
        return parts.flatMap { part -> [Template.Part] in
            guard case .literal(let literal) = part else { return [part] }
            return replacingNumbers(in: literal)
        }
    }

    private func replacing(_ value: String, with name: String, in parts: [Template.Part]) -> [Template.Part] {
        parts.flatMap { part -> [Template.Part] in
            guard case .literal(let literal) = part, literal.contains(value) else { return [part] }
            var result: [Template.Part] = []
            var rest = Substring(literal)
            // A mark (`0x5`) is short: only a whole word of its own is taken for it.
            let wholeWordOnly = name == BuiltinVariable.mark.rawValue
            var kept = ""
            while let range = rest.range(of: value) {
                let alone = (range.lowerBound == rest.startIndex ? kept.last.map { !$0.isLetter && !$0.isNumber } ?? true
                                : !rest[rest.index(before: range.lowerBound)].isLetter && !rest[rest.index(before: range.lowerBound)].isNumber)
                    && (range.upperBound == rest.endIndex || (!rest[range.upperBound].isLetter && !rest[range.upperBound].isNumber))
                kept += rest[..<range.lowerBound]
                if wholeWordOnly && !alone {
                    kept += value
                } else {
                    if !kept.isEmpty { result.append(.literal(kept)); kept = "" }
                    result.append(.variable(name, column: 0))
                }
                rest = rest[range.upperBound...]
            }
            kept += rest
            if !kept.isEmpty { result.append(.literal(kept)) }
            return result
        }
    }

    private func replacingNumbers(in text: String) -> [Template.Part] {
        var result: [Template.Part] = []
        var literal = ""
        var index = text.startIndex
        func boundary(_ at: String.Index?) -> Bool {
            guard let at else { return true }
            return text[at] == "/" || text[at] == " "
        }
        while index < text.endIndex {
            guard text[index].isASCII, text[index].isNumber else { literal.append(text[index]); index = text.index(after: index); continue }
            var end = index
            while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
            let digits = String(text[index..<end])
            let before = index == text.startIndex ? nil : text.index(before: index)
            if let name = processes[digits], boundary(before), boundary(end == text.endIndex ? nil : end) {
                if !literal.isEmpty { result.append(.literal(literal)); literal = "" }
                result.append(.variable(name, column: 0))
            } else {
                literal += digits
            }
            index = end
        }
        if !literal.isEmpty || result.isEmpty { result.append(.literal(literal)) }
        return result
    }

    /// Whether `text`, cut by the kernel, ends in a piece of a value that changes every run
    /// (a program's title is cut at 128 bytes, maybe inside `$tmp`): no variable stands for a piece.
    func endsInsideAValue(_ text: String) -> Bool {
        texts.contains { _, value in
            (1..<value.count).contains { length in text.hasSuffix(String(value.prefix(length))) }
        }
    }
}
