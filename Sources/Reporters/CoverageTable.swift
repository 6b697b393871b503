import Foundation
import ScenarioLanguage

/// Which spec items the scenarios check: the table `auditspec coverage` prints.
///
/// Items come from the spec documents themselves (`- a1 ...` lines and `| B1 |` table rows of
/// ../shared/spec/*.md, the spec file's name being the spec's), so the table follows the spec as
/// it grows; a scenario that covers an item the spec does not list is shown too, marked, since it
/// points at a typo or a stale link. A sub-item (`c13.7`) counts for its item (`c13`).
public struct CoverageTable {
    public struct Row: Hashable, Sendable {
        public var spec: String
        public var item: String
        public var summary: String
        public var scenarios: [String]
        /// Named by a scenario but absent from the spec documents.
        public var unknown: Bool
        /// Why no scenario can check it (scenarios/not-applicable.txt), if that is so.
        public var notApplicable: String? = nil
    }

    public var rows: [Row]

    public init(specItems: [(spec: String, item: String, summary: String)], scenarios: [Scenario],
                notApplicable: NotApplicableList = NotApplicableList()) {
        var rows = specItems.map { Row(spec: $0.spec, item: $0.item, summary: $0.summary, scenarios: [], unknown: false) }
        for scenario in scenarios {
            for covered in scenario.covers {
                let item = String(covered.item.split(separator: ".").first ?? Substring(covered.item))
                // A spec may state one item in several paragraphs (ghak90's two c16): a scenario
                // that covers the item covers each of them.
                let indices = rows.indices.filter { rows[$0].spec == covered.spec && rows[$0].item == item }
                for index in indices where !rows[index].scenarios.contains(scenario.path) { rows[index].scenarios.append(scenario.path) }
                if indices.isEmpty {
                    rows.append(Row(spec: covered.spec, item: item, summary: "(not in the spec documents)",
                                    scenarios: [scenario.path], unknown: true))
                }
            }
        }
        for index in rows.indices { rows[index].notApplicable = notApplicable.reason(spec: rows[index].spec, item: rows[index].item) }
        self.rows = rows
    }

    /// Reads the items of every `*.md` in a spec folder (README and records.md hold none).
    public static func specItems(in folder: String) -> [(spec: String, item: String, summary: String)] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        return files.flatMap { file -> [(spec: String, item: String, summary: String)] in
            let spec = String(file.dropLast(3))
            guard let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").compactMap { line in item(in: line).map { (spec, $0.0, $0.1) } }
        }
    }

    /// `- a1 [code] text` or `| B1 | name | text |`: the item and a short summary.
    static func item(in line: Substring) -> (String, String)? {
        if line.hasPrefix("- ") {
            let words = line.dropFirst(2).split(separator: " ", maxSplits: 1)
            guard let first = words.first?.trimmingCharacters(in: CharacterSet(charactersIn: ",")),
                  let letter = first.first, letter.isLowercase, first.dropFirst().allSatisfy(\.isNumber), first.count > 1 else { return nil }
            return (first, String(words.dropFirst().first ?? ""))
        }
        if line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = cells.first, first.first == "B", first.dropFirst().allSatisfy(\.isNumber), first.count > 1 else { return nil }
            return (first, cells.dropFirst().joined(separator: ": "))
        }
        return nil
    }

    public var coveredCount: Int { rows.filter { !$0.unknown && !$0.scenarios.isEmpty }.count }
    public var itemCount: Int { rows.filter { !$0.unknown }.count }
    /// Items no scenario covers that cannot apply, with their reason.
    public var notApplicableCount: Int { rows.filter { !$0.unknown && $0.scenarios.isEmpty && $0.notApplicable != nil }.count }

    var summaryLine: String {
        "\(coveredCount) of \(itemCount) spec items covered" + (notApplicableCount > 0 ? ", \(notApplicableCount) not applicable" : "")
    }

    /// One line per item: `ghak90 b1   covered by scenarios/ghak90/contid-set.scenario` or `-`.
    public func lines(width: Int = 60) -> [String] {
        rows.map { row in
            let name = "\(row.spec) \(row.item)".padding(toLength: 14, withPad: " ", startingAt: 0)
            let summary = String(row.summary.prefix(width)).padding(toLength: width, withPad: " ", startingAt: 0)
            let by = row.scenarios.isEmpty ? row.notApplicable.map { "n/a: \($0)" } ?? "-" : row.scenarios.joined(separator: ", ")
            return "\(name) \(summary)  \(row.unknown ? "UNKNOWN ITEM: " : "")\(by)"
        } + [summaryLine]
    }

    /// docs/coverage.md: one table per spec, every item with the scenarios that check it, or
    /// why none can. The same scenarios and spec give the same text, byte for byte.
    public func markdown(command: String) -> String {
        var text = """
        # Spec coverage

        Generated by `\(command)` from the scenarios' `covers` lines, the items of the spec \
        documents (../shared/spec) and scenarios/not-applicable.txt; do not edit by hand. A test \
        fails when this file differs from what the command writes.

        \(summaryLine).

        """
        var specs: [String] = []
        for row in rows where !specs.contains(row.spec) { specs.append(row.spec) }
        for spec in specs {
            text += "\n## \(spec)\n\n| item | what the spec says | checked by |\n|---|---|---|\n"
            for row in rows where row.spec == spec {
                var by = row.scenarios.map { "`\($0)`" }.joined(separator: "<br>")
                if row.unknown { by = "**not an item of the spec**: " + by }
                if let reason = row.notApplicable { by += (by.isEmpty ? "" : "<br>") + "not applicable: \(reason)" }
                if by.isEmpty { by = "-" }
                text += "| \(row.item) | \(Self.cell(row.summary, limit: 120)) | \(Self.cell(by)) |\n"
            }
        }
        return text
    }

    /// A table cell: at most `limit` characters, cut at a word, and no `|` that would split it.
    static func cell(_ text: String, limit: Int? = nil) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        if let limit, text.count > limit {
            let cut = text.prefix(limit)
            text = String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + " …"
        }
        return text.replacingOccurrences(of: "|", with: "\\|")
    }
}
