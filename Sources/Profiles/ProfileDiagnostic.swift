/// An error in a profile file, at its line and column, rendered as the scenario language's
/// diagnostics are (ScenarioLanguage depends on this module, so it cannot lend its own type).
public struct ProfileDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// What to write instead, when that is knowable.
    public var hint: String?
    /// The source line, for the caret display.
    public var lineText: String

    public init(file: String, line: Int, column: Int, message: String, hint: String? = nil, lineText: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        self.lineText = lineText
    }

    /// `file:line:column: error: message`, the line, a caret under the column, and the hint.
    public var description: String {
        var text = "\(file):\(line):\(column): error: \(message)\n    \(lineText)\n    "
        // Tabs under tabs, so the caret lines up in any terminal.
        text += lineText.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }.joined() + "^"
        if let hint { text += "\n    note: \(hint)" }
        return text
    }
}

/// Every error of one profile file, in the order of the file: it is read to its end, so all
/// its mistakes are told at once.
public struct ProfileDiagnostics: Error, Hashable, Sendable, CustomStringConvertible {
    public var diagnostics: [ProfileDiagnostic]

    public init(_ diagnostics: [ProfileDiagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
