import Matching

/// TAP (testanything.org), for `prove` and kselftest-style harnesses: a test point per
/// scenario, `# SKIP` with the reason, and the diff of a failure or the message of an error as
/// a YAML diagnostics block under its `not ok` line.
///
/// The header says version 13: Debian 12's prove (Test::Harness 3.44) refuses a stream that
/// announces 14 ("we don't know about versions later than 13"), and kselftest writes 13. The
/// stream keeps to what both versions share, with version 14's escapes in descriptions, and the
/// YAML to the subset prove's reader takes (plain keys, double-quoted scalars, `|` blocks).
///
/// TAP is line-oriented: a title or a reason that held a newline or a `#` would break the
/// stream, so descriptions are kept to one line and `#` and `\` are escaped as the
/// specification says; the YAML block holds every other text as literal blocks, with control
/// characters made visible.
public struct TAPReporter {
    public init() {}

    /// `bailOut`: why the run stopped before its end (a signal); the harness then reports the
    /// run as aborted, not as complete with fewer tests.
    public func document(_ results: [ScenarioResult], info: RunInfo, bailOut: String? = nil) -> String {
        var lines = ["TAP version 13"]
        if bailOut == nil { lines.append("1..\(results.count)") }
        lines.append("# kernel \(Self.oneLine(info.kernelRelease)) on \(Self.oneLine(info.hostname)), started \(info.startedAt)")
        for (name, value) in info.properties { lines.append("# \(Self.oneLine(name)): \(Self.oneLine(value))") }
        for (index, result) in results.enumerated() { lines += testPoint(index + 1, result) }
        if let bailOut { lines.append("Bail out! \(Self.oneLine(bailOut))") }
        return lines.joined(separator: "\n") + "\n"
    }

    func testPoint(_ number: Int, _ result: ScenarioResult) -> [String] {
        let description = Self.escapeDescription(result.path + ": " + result.title)
        switch result.verdict {
        case .passed:
            return ["ok \(number) - \(description)"]
        case .skipped(let reason):
            return ["ok \(number) - \(description) # SKIP \(Self.escapeDescription(reason))"]
        case .failed(let missing):
            let message = "\(missing.count) expected event\(missing.count == 1 ? "" : "s") not seen"
            return ["not ok \(number) - \(description)"]
                + yaml(severity: "fail", message: message, duration: result.duration, blocks: [("diff", missing.flatMap { DiffRenderer.render($0) })],
                       notes: result.notes)
        case .error(let phase, let message):
            return ["not ok \(number) - \(description)"]
                + yaml(severity: "error", message: "error at \(phase)", duration: result.duration,
                       blocks: [("error", message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))],
                       notes: result.notes)
        }
    }

    /// The block under a `not ok` line, indented two spaces.
    func yaml(severity: String, message: String, duration: Double, blocks: [(String, [String])], notes: [String]) -> [String] {
        var lines = ["  ---", "  message: \(Self.quoted(message))", "  severity: \(severity)",
                     "  duration_ms: \(Int((duration * 1000).rounded()))"]
        for (name, text) in blocks where !text.isEmpty {
            lines.append("  \(name): |")
            lines += text.map { "    " + VisibleText.escape($0, keepNewlines: false) }
        }
        if !notes.isEmpty {
            lines.append("  notes:")
            lines += notes.map { "    - \(Self.quoted($0))" }
        }
        lines.append("  ...")
        return lines
    }

    /// A description or directive reason: one line, with `\` and `#` escaped (TAP 14).
    static func escapeDescription(_ text: String) -> String {
        oneLine(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "#", with: "\\#")
    }

    static func oneLine(_ text: String) -> String {
        VisibleText.escape(text.replacingOccurrences(of: "\n", with: " "), keepNewlines: false)
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        let escaped = VisibleText.escape(text, keepNewlines: true)
            .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
        return "\"\(escaped)\""
    }
}
