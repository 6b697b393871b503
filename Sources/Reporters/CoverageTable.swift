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
    }

    public var rows: [Row]

    public init(specItems: [(spec: String, item: String, summary: String)], scenarios: [Scenario]) {
        var rows = specItems.map { Row(spec: $0.spec, item: $0.item, summary: $0.summary, scenarios: [], unknown: false) }
        for scenario in scenarios {
            for covered in scenario.covers {
                let item = String(covered.item.split(separator: ".").first ?? Substring(covered.item))
                if let index = rows.firstIndex(where: { $0.spec == covered.spec && $0.item == item }) {
                    if !rows[index].scenarios.contains(scenario.path) { rows[index].scenarios.append(scenario.path) }
                } else {
                    rows.append(Row(spec: covered.spec, item: item, summary: "(not in the spec documents)",
                                    scenarios: [scenario.path], unknown: true))
                }
            }
        }
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

    /// One line per item: `ghak90 b1   covered by scenarios/ghak90/contid-set.scenario` or `-`.
    public func lines(width: Int = 60) -> [String] {
        rows.map { row in
            let name = "\(row.spec) \(row.item)".padding(toLength: 14, withPad: " ", startingAt: 0)
            let summary = String(row.summary.prefix(width)).padding(toLength: width, withPad: " ", startingAt: 0)
            let by = row.scenarios.isEmpty ? "-" : row.scenarios.joined(separator: ", ")
            return "\(name) \(summary)  \(row.unknown ? "UNKNOWN ITEM: " : "")\(by)"
        } + ["\(coveredCount) of \(itemCount) spec items covered"]
    }
}
