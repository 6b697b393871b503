import AuditRecords
import Foundation
import Matching

/// The readable report: one line per scenario as it finishes, the diff under a failure,
/// the reason beside a skip, and the summary line last.
public struct ConsoleReporter {
    public var verbose: Bool
    public var write: (String) -> Void

    /// The characters of a value a diff shows, and of any line, at most: a 7,500-character
    /// argument or a 1 MB unreadable line would bury the report. The JSON report keeps them whole.
    public static let valueLimit = 240
    public static let lineLimit = 1_000

    public init(verbose: Bool = false, write: @escaping (String) -> Void = { print($0) }) {
        self.verbose = verbose
        self.write = write
    }

    public func report(_ result: ScenarioResult) {
        let time = String(format2: result.duration)
        write("\(result.verdict.label.padding(toLength: 5, withPad: " ", startingAt: 0)) \(result.path)  (\(time) s)  \(VisibleText.console(result.title))")
        switch result.verdict {
        case .passed:
            break
        case .skipped(let reason):
            write("      skipped: \(VisibleText.console(reason))")
        case .error(let phase, let message):
            write("      error at \(phase): " + VisibleText.console(message).replacingOccurrences(of: "\n", with: "\n      "))
        case .failed(let missing):
            for event in missing {
                for line in DiffRenderer.render(event, valueLimit: Self.valueLimit) { write("      " + VisibleText.console(line)) }
            }
        }
        for note in result.notes { write("      note: \(VisibleText.console(note))") }
        for bad in result.unreadable {
            write("      \(VisibleText.console(bad.place)): unreadable record kept: \(VisibleText.console(bad.reason, limit: Self.valueLimit)): "
                  + VisibleText.console(bad.text, keepNewlines: false, limit: Self.valueLimit))
        }
        if verbose, !result.records.isEmpty {
            write("      records received:")
            for record in result.records { write("        " + VisibleText.console(record.text, keepNewlines: false)) }
        }
    }

    /// One short line per scenario, in the order given: after a parallel run, whose lines
    /// above came in the order the scenarios ended.
    public func list(_ results: [ScenarioResult]) {
        write("in order:")
        for result in results {
            write("  \(result.verdict.label.padding(toLength: 5, withPad: " ", startingAt: 0)) \(result.path)")
        }
    }

    public func summarize(_ results: [ScenarioResult]) {
        write(RunSummary(results).line)
    }
}

extension String {
    /// Seconds with two decimals, without Foundation's locale-dependent formatting.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
