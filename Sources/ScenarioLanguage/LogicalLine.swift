/// A statement as the parser sees it: one source line, or several joined by a trailing `\`.
/// Each character remembers its physical line and column, so errors point at the right place.
struct LogicalLine {
    var text: String
    var positions: [(line: Int, column: Int)]
    /// Whether the first physical line starts with white space (a record under `expect`).
    var indented: Bool
    var firstLine: Int

    /// Splits a file into logical lines; blank lines and comment-only lines are dropped.
    static func split(_ source: String) -> [LogicalLine] {
        var result: [LogicalLine] = []
        var pending: LogicalLine?
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmedEnd = line.reversed().drop { $0 == " " || $0 == "\t" }
            let continues = trimmedEnd.first == "\\"
            let content = continues ? String(line[..<line.lastIndex(of: "\\")!]) : String(line)
            var piece = LogicalLine(text: "", positions: [], indented: line.first == " " || line.first == "\t",
                                    firstLine: number)
            for (offset, char) in content.enumerated() {
                piece.text.append(char)
                piece.positions.append((number, offset + 1))
            }
            if var open = pending {
                open.text += " " + piece.text
                open.positions.append((number, 1))
                open.positions += piece.positions
                pending = open
            } else {
                pending = piece
            }
            if !continues, let done = pending {
                pending = nil
                let body = done.text.drop { $0 == " " || $0 == "\t" }
                if !body.isEmpty, !body.hasPrefix("#") { result.append(done) }
            }
        }
        if let done = pending, !done.text.allSatisfy({ $0 == " " || $0 == "\t" }) { result.append(done) }
        return result
    }

    /// The physical line and column of a 1-based column in `text`.
    func position(ofColumn column: Int) -> (line: Int, column: Int) {
        guard !positions.isEmpty else { return (firstLine, 1) }
        if column - 1 < positions.count { return positions[max(0, column - 1)] }
        let last = positions[positions.count - 1]
        return (last.line, last.column + (column - positions.count))
    }
}
