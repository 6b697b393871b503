import AuditRecords
import Foundation
import ScenarioLanguage

/// Writes a missing event as text: what was expected, and the nearest event field by field.
///
/// ```
/// expected event (scenarios/baseline/x.scenario:12:1) was not seen; nearest event audit(1700000000.123:42):
///   SYSCALL
///     key          expected "auditspec-1"  got "other"    <- differs
/// ```
public enum DiffRenderer {
    /// A heading, the expected records, and the events shown with them (the culprits of a
    /// count, or the event that came too late), each with its records as the kernel wrote them.
    private static func listing(_ heading: String, _ missing: MissingEvent, events label: String, limit: Int?) -> [String] {
        var lines = [heading] + missing.expectedText.map { "  " + cut($0, limit) }
        for event in missing.matching {
            lines.append("  \(label)\(event.stamp.map { " \($0)" } ?? ""):")
            lines += event.meaningfulRecords.map { "    " + cut($0.text, limit) }
        }
        return lines
    }

    /// `valueLimit`: the characters of a value or record shown at most, the rest cut with a
    /// marker (the console); nil shows everything (a report file).
    public static func render(_ missing: MissingEvent) -> [String] { render(missing, valueLimit: nil) }

    public static func render(_ missing: MissingEvent, valueLimit limit: Int?) -> [String] {
        var lines: [String] = []
        if let lateness = missing.lateness {
            return listing("expected event (\(missing.location)) came too late: \(lateness):", missing, events: "late event", limit: limit)
        }
        if let problem = missing.countProblem {
            lines = listing("\(problem) matching (\(missing.location)):", missing, events: "matching event", limit: limit)
            guard let nearest = missing.nearest else { return lines }
            return lines + render(MissingEvent(location: missing.location, nearest: nearest, expectedText: missing.expectedText),
                                  valueLimit: limit).dropFirst()
        }
        guard let nearest = missing.nearest else {
            lines.append("expected event (\(missing.location)) was not seen, and no event had a record of its types:")
            lines += missing.expectedText.map { "  " + cut($0, limit) }
            return lines
        }
        let stamp = nearest.event.stamp.map { " \($0)" } ?? ""
        lines.append("expected event (\(missing.location)) was not seen; nearest event\(stamp):")
        var previousActualIndex = -1
        let actualRecords = nearest.event.meaningfulRecords
        for comparison in nearest.records {
            let where_ = "\(comparison.expected.location.line):\(comparison.expected.location.column)"
            guard let actual = comparison.actual else {
                lines.append("  - type=\(comparison.expected.type)  (line \(where_)): no record of this type in the event")
                continue
            }
            let actualIndex = actualRecords.firstIndex(of: actual) ?? -1
            let order = actualIndex < previousActualIndex ? "  (arrived before the record above: out of order)" : ""
            previousActualIndex = max(previousActualIndex, actualIndex)
            let mark = comparison.matches ? " " : "~"
            lines.append("  \(mark) type=\(comparison.expected.type)  (line \(where_))\(order)")
            let width = comparison.fields.map(\.name.count).max() ?? 0
            for field in comparison.fields {
                let name = field.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let got = field.actual.map { quoted($0, field: field.name, in: comparison.actual, limit: limit) } ?? "(absent)"
                if field.matches {
                    lines.append("      \(name)  \(got)")
                } else {
                    lines.append("      \(name)  expected \"\(cut(field.expected, limit))\"  got \(got)   <- differs")
                }
            }
        }
        return lines
    }

    /// A value in quotes; a hex-encoded one also in its decoded form, which is what a reader compares.
    static func quoted(_ value: String, field: String, in record: AuditRecord?, limit: Int? = nil) -> String {
        guard let record, let decoded = HexText.decodedValue(field, in: record) else { return "\"\(cut(value, limit))\"" }
        return "\"\(cut(value, limit))\" (decoded: \"\(cut(decoded, limit))\")"
    }

    /// The first `limit` characters of `text`, and a marker saying how many more there were.
    public static func cut(_ text: String, _ limit: Int?) -> String {
        guard let limit, text.count > limit else { return text }
        return String(text.prefix(limit)) + "…(\(text.count - limit) more characters; --json keeps them whole)"
    }
}
