import Matching

/// `auditspec compare` for people and CI: a console summary, JUnit where each regression is a
/// failing test case, and Markdown for a mailing-list reply or a CI job summary, kept under
/// `markdownLimit` characters (GitHub's job summary limit) by summarising what does not fit.
public struct ComparisonRenderer {
    public static let markdownLimit = 65_535

    public init() {}

    static let order: [RunComparison.Change.Kind] = [.regression, .fix, .changedSkip, .otherChange, .recordsChanged, .added, .removed]

    static func heading(_ kind: RunComparison.Change.Kind) -> String {
        switch kind {
        case .regression: return "Regressions"
        case .fix: return "Fixes"
        case .changedSkip: return "Changed skip reasons"
        case .otherChange: return "Other verdict changes"
        case .recordsChanged: return "Records that changed shape (both passed)"
        case .added: return "Scenarios added"
        case .removed: return "Scenarios removed"
        }
    }

    static func counts(_ comparison: RunComparison) -> String {
        let parts = order.compactMap { kind -> String? in
            let n = comparison.changes.filter { $0.kind == kind }.count
            guard n > 0 else { return nil }
            switch kind {
            case .recordsChanged: return "\(n) with changed records"
            case .added, .removed: return "\(n) \(kind.rawValue)"
            default: return "\(n) \(kind.rawValue)\(n == 1 ? "" : "s")"
            }
        }
        return (parts.isEmpty ? "no change" : parts.joined(separator: ", ")) + "; \(comparison.unchanged) unchanged"
    }

    static func runLine(_ run: RunComparison.Run) -> String {
        let profiles = run.report.run.properties.first { $0.name == "profiles" }?.value ?? "?"
        return "\(run.label): kernel \(run.report.run.kernelRelease), profiles \(profiles)"
    }

    public func console(_ comparison: RunComparison) -> [String] {
        var lines = ["older  " + Self.runLine(comparison.older), "newer  " + Self.runLine(comparison.newer)]
        for kind in Self.order {
            let changes = comparison.changes.filter { $0.kind == kind }
            guard !changes.isEmpty else { continue }
            lines.append("")
            lines.append(Self.heading(kind) + ":")
            for change in changes {
                lines.append("  \(change.path)  \(change.before ?? "-") -> \(change.after ?? "-")  \(VisibleText.escape(change.title))")
                lines += change.details.map { "      " + VisibleText.escape($0, keepNewlines: false) }
            }
        }
        lines.append("")
        lines.append(Self.counts(comparison))
        return lines
    }

    /// A test case per scenario of either run: a regression fails with its diff, a removed
    /// scenario is skipped, everything else passes (its change said in system-out).
    public func junit(_ comparison: RunComparison) -> String {
        let changed = Dictionary(comparison.changes.map { ($0.path + "\n" + $0.title, $0) }, uniquingKeysWith: { a, _ in a })
        var cases: [String] = []
        var failures = 0, skipped = 0
        for result in comparison.newer.report.results {
            let name = JUnitReporter.caseAttributes(title: result.title, path: result.path)
            guard let change = changed[result.path + "\n" + result.title] else { cases.append("    <testcase \(name)/>"); continue }
            var body = ""
            if change.kind == .regression {
                failures += 1
                body = "      <failure message=\"\(XMLText.attribute("regression: \(change.before ?? "-") -> \(change.after ?? "-")"))\" type=\"regression\">\(XMLText.text(change.details.joined(separator: "\n")))</failure>\n"
            } else {
                body = "      <system-out>\(XMLText.text(([change.kind.rawValue + ": \(change.before ?? "-") -> \(change.after ?? "-")"] + change.details).joined(separator: "\n")))</system-out>\n"
            }
            cases.append("    <testcase \(name)>\n\(body)    </testcase>")
        }
        for change in comparison.changes where change.kind == .removed {
            skipped += 1
            cases.append("    <testcase \(JUnitReporter.caseAttributes(title: change.title, path: change.path))>\n      <skipped message=\"removed since \(XMLText.attribute(comparison.older.label))\"/>\n    </testcase>")
        }
        let suite = "compare \(comparison.older.label) -> \(comparison.newer.label)"
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"auditspec compare\"\(JUnitReporter.rootCounts(tests: cases.count, failures: failures, errors: 0))>\n"
            + "  <testsuite name=\"\(XMLText.attribute(suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
            + cases.joined(separator: "\n") + "\n  </testsuite>\n</testsuites>\n"
    }

    /// Markdown: the counts first, each kind of change as a table, diffs folded under
    /// `<details>`; what would pass the limit is summarised as counts instead.
    public func markdown(_ comparison: RunComparison, limit: Int = ComparisonRenderer.markdownLimit) -> String {
        var head = "## auditspec: \(markdownText(comparison.older.label)) → \(markdownText(comparison.newer.label))\n\n"
        head += "- older: \(markdownText(Self.runLine(comparison.older)))\n- newer: \(markdownText(Self.runLine(comparison.newer)))\n\n"
        head += "**\(Self.counts(comparison))**\n"
        var sections: [String] = []
        for kind in Self.order {
            let changes = comparison.changes.filter { $0.kind == kind }
            guard !changes.isEmpty else { continue }
            var section = "\n### \(Self.heading(kind))\n\n| scenario | before | after |\n|---|---|---|\n"
            for change in changes {
                section += "| `\(change.path.replacingOccurrences(of: "`", with: "'"))` \(markdownText(change.title)) | \(markdownText(change.before ?? "-")) | \(markdownText(change.after ?? "-")) |\n"
            }
            for change in changes where !change.details.isEmpty {
                let fence = "```"
                section += "\n<details><summary>\(htmlText(change.path))</summary>\n\n\(fence)\n"
                section += change.details.map { VisibleText.escape($0, keepNewlines: false).replacingOccurrences(of: fence, with: "'''") }.joined(separator: "\n")
                section += "\n\(fence)\n</details>\n"
            }
            sections.append(section)
        }
        var document = head
        for (index, section) in sections.enumerated() {
            let rest = sections.count - index
            let note = "\n_\(rest) more section\(rest == 1 ? "" : "s") left out to keep this summary under \(limit) characters; the JUnit and JSON reports hold every change._\n"
            if document.utf8.count + section.utf8.count + note.utf8.count > limit {
                // The section's table alone, if that fits; else nothing more.
                let table = section.components(separatedBy: "\n<details>").first ?? ""
                if document.utf8.count + table.utf8.count + note.utf8.count <= limit { document += table }
                document += note
                return document
            }
            document += section
        }
        return document
    }

    /// Several runs side by side: a row per scenario, a column per run, the verdict in each.
    public func matrix(_ runs: [RunComparison.Run]) -> (console: [String], markdown: String) {
        var keys: [String] = []
        var titles: [String: (path: String, title: String)] = [:]
        var verdicts: [String: [String: String]] = [:]
        for run in runs {
            for result in run.report.results {
                let key = RunComparison.key(result)
                if titles[key] == nil { keys.append(key); titles[key] = (result.path, result.title) }
                verdicts[key, default: [:]][run.label] = result.verdict.label
            }
        }
        let width = max(8, keys.map { titles[$0]!.path.count }.max() ?? 0)
        var console = ["scenario".padding(toLength: width, withPad: " ", startingAt: 0) + "  " + runs.map(\.label).joined(separator: "  ")]
        var markdown = "| scenario | " + runs.map { markdownText($0.label) }.joined(separator: " | ") + " |\n|---|" + runs.map { _ in "---|" }.joined() + "\n"
        for key in keys {
            let row = runs.map { verdicts[key]?[$0.label] ?? "-" }
            console.append(titles[key]!.path.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                           + zip(runs, row).map { $1.padding(toLength: max($0.label.count, 5), withPad: " ", startingAt: 0) }.joined(separator: "  "))
            markdown += "| `\(titles[key]!.path)` | " + row.joined(separator: " | ") + " |\n"
        }
        return (console, markdown)
    }

    private func markdownText(_ text: String) -> String {
        VisibleText.escape(text, keepNewlines: false).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "<", with: "&lt;")
    }

    private func htmlText(_ text: String) -> String {
        VisibleText.escape(text, keepNewlines: false).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
