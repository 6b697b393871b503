/// An error in a scenario file, pointing at the exact place with a caret.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    /// What to write instead, when that is knowable.
    public var hint: String?
    /// The source line, for the caret display.
    public var lineText: String

    public init(location: SourceLocation, message: String, hint: String? = nil, lineText: String) {
        self.location = location
        self.message = message
        self.hint = hint
        self.lineText = lineText
    }

    /// `file:line:column: error: message`, the line, a caret under the column, and the hint.
    public var description: String {
        var text = "\(location): error: \(message)\n    \(lineText)\n    "
        // Keep tabs under tabs so the caret lines up in any terminal.
        let prefix = lineText.prefix(max(0, location.column - 1)).map { (char: Character) -> String in char == "\t" ? "\t" : " " }
        text += prefix.joined() + "^"
        if let hint { text += "\n    note: \(hint)" }
        return text
    }
}

/// All the errors found in one file: a file is read to its end, so every mistake is shown at once.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// What the parser made of the file despite the errors: the checks that judge names of
    /// record types and fields run on the parts it could read, so that all the errors of a
    /// file are told at once.
    public var partial: Scenario?

    public init(_ diagnostics: [Diagnostic], partial: Scenario? = nil) {
        self.diagnostics = diagnostics
        self.partial = partial
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
