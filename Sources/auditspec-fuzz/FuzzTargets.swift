import AuditRecords
import Matching
import ScenarioLanguage

/// What each input must satisfy, whatever it is: the parser returns (no crash, no hang), and
/// every error says where it is.
enum FuzzTargets {
    struct Violation: Error, CustomStringConvertible {
        var input: [UInt8]
        var problem: String
        var description: String { "\(problem) for input \(input.map { String($0, radix: 16) }.joined(separator: " "))" }
    }

    static func scenario(_ bytes: [UInt8]) -> Violation? {
        let source = ByteText.decode(bytes)
        switch ScenarioParser().parse(source: source, path: "fuzz.scenario") {
        case .success:
            return nil
        case .failure(let list):
            if list.diagnostics.isEmpty { return Violation(input: bytes, problem: "a failure with no diagnostic") }
            for diagnostic in list.diagnostics where diagnostic.location.line < 1 || diagnostic.location.column < 1 {
                return Violation(input: bytes, problem: "a diagnostic without a place: \(diagnostic.location)")
            }
            _ = list.description  // rendering with the caret must not trap either
            return nil
        }
    }

    static func recordLine(_ bytes: [UInt8], parser: RecordParser) -> Violation? {
        switch parser.parseLine(bytes) {
        case .success(let record):
            return record.text.isEmpty && !bytes.isEmpty ? Violation(input: bytes, problem: "a record that lost its text") : nil
        case .failure(let unreadable):
            return unreadable.offset < 0 || unreadable.offset > unreadable.text.count + 1
                ? Violation(input: bytes, problem: "an unreadable record with offset \(unreadable.offset) outside its text") : nil
        }
    }

    /// A template with unbound variables against a value (a replay's capture): the search
    /// ends, within its step budget, and a match binds the variables so that the template
    /// renders back to the very value.
    static func capture(template bytes: [UInt8], value: [UInt8]) -> Violation? {
        let template = Template.parse(ByteText.decode(bytes), column: 1)
        guard !template.variables.isEmpty else { return nil }
        let actual = ByteText.decode(value)
        let record = AuditRecord(type: "USER", stamp: nil, fields: [RecordField(name: "msg", value: actual)], text: "msg=" + actual)
        var bindings: [String: String] = [:]
        guard FieldComparison.matches(.equals(template), field: "msg", in: record, bindings: &bindings) else { return nil }
        let rendered = template.render(bindings)
        return rendered == actual ? nil
            : Violation(input: bytes + [0x0A] + value, problem: "a capture binding \(bindings), which renders '\(rendered)', not '\(actual)'")
    }

    static func kernelMessage(_ bytes: [UInt8], parser: RecordParser) -> Violation? {
        switch parser.parseKernelMessage(type: 1300, payload: bytes) {
        case .success: return nil
        case .failure(let unreadable):
            return unreadable.offset < 0 ? Violation(input: bytes, problem: "a negative offset") : nil
        }
    }
}
