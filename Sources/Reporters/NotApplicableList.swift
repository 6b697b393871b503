import Foundation
import ScenarioLanguage

/// Spec items no scenario can check, each with the reason (scenarios/not-applicable.txt):
/// `auditspec coverage` shows them with it instead of as gaps.
///
/// ```
/// # SPEC ITEM  REASON
/// ghak90 g27  limits existed only in V7-V8 and were dropped in V9
/// ```
public struct NotApplicableList: Sendable {
    public struct Entry: Hashable, Sendable {
        public var spec: String
        public var item: String
        public var reason: String
        public var location: SourceLocation
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    public func reason(spec: String, item: String) -> String? {
        entries.first { $0.spec == spec && $0.item == item }?.reason
    }

    /// Every line `SPEC ITEM REASON...`; an item the spec lacks (when `known` is given), one
    /// stated twice, or a line without a reason is an error at its place.
    public static func parse(_ text: String, path: String, known: Set<String>? = nil) -> Result<NotApplicableList, DiagnosticList> {
        var entries: [Entry] = []
        var errors: [Diagnostic] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init).enumerated() {
            let body = line.prefix { $0 != "#" }
            var words: [(text: Substring, column: Int)] = []
            var start: String.Index?
            for position in body.indices {
                let blank = body[position] == " " || body[position] == "\t"
                if blank, let from = start { words.append((body[from..<position], body.distance(from: body.startIndex, to: from) + 1)); start = nil }
                if !blank, start == nil { start = position }
            }
            if let from = start { words.append((body[from...], body.distance(from: body.startIndex, to: from) + 1)) }
            guard !words.isEmpty else { continue }
            func fail(_ column: Int, _ message: String, hint: String? = nil) {
                errors.append(Diagnostic(location: SourceLocation(file: path, line: index + 1, column: column), message: message,
                                         hint: hint, lineText: line))
            }
            guard words.count >= 3 else {
                fail(words.count == 1 ? words[0].column + words[0].text.count + 1 : words[1].column + words[1].text.count + 1,
                     "a line is SPEC ITEM REASON: the reason is missing", hint: "ghak90 g27  limits existed only in V7-V8")
                continue
            }
            let spec = String(words[0].text), item = String(words[1].text)
            if let known, !known.contains("\(spec) \(item)") {
                fail(words[0].column, "'\(spec) \(item)' is not an item of the spec documents")
                continue
            }
            if let first = entries.first(where: { $0.spec == spec && $0.item == item }) {
                fail(words[0].column, "'\(spec) \(item)' is listed twice", hint: "first at line \(first.location.line)")
                continue
            }
            let reason = body[body.index(body.startIndex, offsetBy: words[2].column - 1)...].trimmingCharacters(in: .whitespaces)
            entries.append(Entry(spec: spec, item: item, reason: reason,
                                 location: SourceLocation(file: path, line: index + 1, column: words[0].column)))
        }
        return errors.isEmpty ? .success(NotApplicableList(entries: entries)) : .failure(DiagnosticList(errors))
    }
}
