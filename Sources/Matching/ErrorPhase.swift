import ScenarioLanguage

/// Where a scenario broke when its verdict is ERROR: one of its steps, or a stage of the run
/// around the steps. Written in results files and reports as text (`setup`, `file:3:1`).
public enum ErrorPhase: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Before the first step: its folder, its sockets, its processes.
    case setup
    /// A step that did not do what the scenario says.
    case step(SourceLocation)
    /// The records: lost on the way, so no verdict can be drawn.
    case records
    /// A captured log that cannot judge the scenario.
    case replay
    /// The guest of `auditspec vm` did not report the scenario.
    case guest
    /// The kernel under test reported a problem (an oops, a taint) while the scenario ran.
    case kernel
    /// A phase written by another version of auditspec, kept as it was written.
    case other(String)

    public var description: String {
        switch self {
        case .setup: "setup"
        case .step(let location): location.description
        case .records: "records"
        case .replay: "replay"
        case .guest: "guest"
        case .kernel: "kernel"
        case .other(let text): text
        }
    }

    /// Reads the text back: a stage by its word, a step by `file:line:column`.
    public init(_ text: String) {
        switch text {
        case "setup": self = .setup
        case "records": self = .records
        case "replay": self = .replay
        case "guest": self = .guest
        case "kernel": self = .kernel
        default: self = Self.location(text).map(ErrorPhase.step) ?? .other(text)
        }
    }

    private static func location(_ text: String) -> SourceLocation? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { return nil }
        return SourceLocation(file: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }

    public init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
