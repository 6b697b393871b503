import AuditRecords
import Foundation
import Matching

/// JUnit XML for CI: a testsuite per scenario folder, a testcase per scenario.
///
/// Failures carry the diff, skips their reason, errors the phase; `<system-out>` holds the
/// records received. Every character XML 1.0 forbids is written visibly as `\xNN`.
public struct JUnitReporter {
    public init() {}

    public func document(_ results: [ScenarioResult], info: RunInfo) -> String {
        let summary = RunSummary(results)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"auditspec\"\(counts(summary))>\n"
        var folders: [String] = []
        var byFolder: [String: [ScenarioResult]] = [:]
        for result in results {
            let folder = Self.folder(of: result.path)
            if byFolder[folder] == nil { folders.append(folder) }
            byFolder[folder, default: []].append(result)
        }
        for folder in folders {
            let members = byFolder[folder] ?? []
            xml += "  <testsuite name=\"\(attribute(folder))\"\(counts(RunSummary(members))) timestamp=\"\(attribute(info.startedAt))\" hostname=\"\(attribute(info.hostname))\">\n"
            xml += "    <properties>\n"
            xml += "      <property name=\"kernel\" value=\"\(attribute(info.kernelRelease))\"/>\n"
            for (name, value) in info.properties {
                xml += "      <property name=\"\(attribute(name))\" value=\"\(attribute(value))\"/>\n"
            }
            xml += "    </properties>\n"
            for result in members { xml += testcase(result) }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    private func counts(_ summary: RunSummary) -> String {
        " tests=\"\(summary.total)\" failures=\"\(summary.failed)\" errors=\"\(summary.errors)\" skipped=\"\(summary.skipped)\" time=\"\(String(format2: summary.duration))\""
    }

    private func testcase(_ result: ScenarioResult) -> String {
        let classname = Self.classname(of: result.path)
        var xml = "    <testcase name=\"\(attribute(result.title))\" classname=\"\(attribute(classname))\" file=\"\(attribute(result.path))\" time=\"\(String(format2: result.duration))\">\n"
        switch result.verdict {
        case .passed:
            break
        case .skipped(let reason):
            xml += "      <skipped message=\"\(attribute(reason))\"/>\n"
        case .error(let phase, let message):
            xml += "      <error message=\"\(attribute("\(phase): " + firstLine(message)))\" type=\"scenario-error\">\(text(message))</error>\n"
        case .failed(let missing):
            let diff = missing.flatMap { DiffRenderer.render($0) }.joined(separator: "\n")
            let message = "\(missing.count) expected event\(missing.count == 1 ? "" : "s") not seen"
            xml += "      <failure message=\"\(attribute(message))\" type=\"records-mismatch\">\(text(diff))</failure>\n"
        }
        var out = result.records.map(\.text)
        out += result.unreadable.map { "UNREADABLE \($0.place) (\($0.reason)): \($0.text)" }
        out += result.notes.map { "note: \($0)" }
        if !out.isEmpty {
            xml += "      <system-out>\(text(out.joined(separator: "\n")))</system-out>\n"
        }
        xml += "    </testcase>\n"
        return xml
    }

    private func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1).first ?? "")
    }

    /// `scenarios/baseline/x.scenario` is in suite `scenarios/baseline`.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    /// `scenarios/baseline/x.scenario` has classname `scenarios.baseline.x`.
    static func classname(of path: String) -> String {
        var trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        if let dot = trimmed.lastIndex(of: "."), !trimmed[dot...].contains("/") { trimmed = String(trimmed[..<dot]) }
        return trimmed.replacingOccurrences(of: "/", with: ".")
    }

    private func text(_ value: String) -> String { XMLText.text(value) }

    private func attribute(_ value: String) -> String { XMLText.attribute(value) }
}

/// Text for XML 1.0 documents (JUnit): markup characters escaped, control characters visible.
enum XMLText {
    static func text(_ value: String) -> String {
        VisibleText.escape(value)
            .replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func attribute(_ value: String) -> String {
        text(value)
            .replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "\n", with: "&#10;")
            .replacingOccurrences(of: "\t", with: "&#9;")
    }
}
