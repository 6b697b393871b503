/// One shell-like word of a statement: `plain`, `'literal $text'`, `"with $vars and \n"`,
/// or several of these written together (`a"b c"d`), with the column where it starts.
public struct Word: Hashable, Sendable {
    public var template: Template
    /// The word as written, quotes included: what keywords are compared against.
    public var source: String
    public var column: Int
    /// Whether any part was quoted (then it is never a keyword or an option).
    public var quoted: Bool

    /// The literal text when the word has no variables.
    public var literal: String? {
        template.variables.isEmpty ? template.render([:]) : nil
    }

    /// Whether this is the keyword or option `word`, written bare: a quoted "from" is a value.
    public func isWord(_ word: String) -> Bool {
        !quoted && source == word
    }
}

/// Splits a statement line into words, the way a shell would (without globbing).
/// An unquoted `#` at the start of a word begins a comment.
enum WordScanner {
    struct Failure: Error {
        var message: String
        var column: Int
    }

    static func scan(_ line: String) -> Result<[Word], Failure> {
        let chars = Array(line)
        var words: [Word] = []
        var i = 0
        while i < chars.count {
            if chars[i] == " " || chars[i] == "\t" { i += 1; continue }
            if chars[i] == "#" { break }
            let start = i
            var parts: [Template.Part] = []
            var quoted = false
            while i < chars.count, chars[i] != " ", chars[i] != "\t" {
                switch chars[i] {
                case "'":
                    guard let close = chars[(i + 1)...].firstIndex(of: "'") else {
                        return .failure(Failure(message: "this ' quote is never closed", column: i + 1))
                    }
                    parts.append(.literal(String(chars[(i + 1)..<close])))
                    quoted = true
                    i = close + 1
                case "\"":
                    guard let (inside, next) = doubleQuoted(chars, from: i) else {
                        return .failure(Failure(message: "this \" quote is never closed", column: i + 1))
                    }
                    parts += inside
                    quoted = true
                    i = next
                default:
                    var j = i
                    while j < chars.count, !" \t'\"".contains(chars[j]) { j += 1 }
                    parts += Template.parse(String(chars[i..<j]), column: i + 1).parts
                    i = j
                }
            }
            words.append(Word(template: Template(parts: merged(parts)), source: String(chars[start..<i]),
                              column: start + 1, quoted: quoted))
        }
        return .success(words)
    }

    /// The parts of the double-quoted text whose opening quote is at `open`, and the index
    /// after its closing quote; nil if it is never closed. Escapes are undone before the text is
    /// parsed for variables (`\$` stays a literal dollar), each character keeping the column it
    /// was written at, so an error inside points at the place in the line.
    private static func doubleQuoted(_ chars: [Character], from open: Int) -> ([Template.Part], next: Int)? {
        var text = ""
        var columns: [Int] = []
        func append(_ piece: String, from index: Int) {
            text += piece
            columns += Array(repeating: index + 1, count: piece.count)
        }
        var j = open + 1
        while j < chars.count {
            if chars[j] == "\\", j + 1 < chars.count {
                switch chars[j + 1] {
                case "n": append("\n", from: j)
                case "t": append("\t", from: j)
                case "$": append("$$", from: j)
                case "\\", "\"": append(String(chars[j + 1]), from: j)
                default: append("\\" + String(chars[j + 1]), from: j)
                }
                j += 2
                continue
            }
            if chars[j] == "\"" { return (Template.parse(text, columns: columns).parts, j + 1) }
            append(String(chars[j]), from: j)
            j += 1
        }
        return nil
    }

    /// Joins neighbouring literals, so `"a""b"` is one literal part.
    private static func merged(_ parts: [Template.Part]) -> [Template.Part] {
        var result: [Template.Part] = []
        for part in parts {
            if case .literal(let next) = part, case .literal(let previous)? = result.last {
                result[result.count - 1] = .literal(previous + next)
            } else if case .literal("") = part, !result.isEmpty {
                continue
            } else {
                result.append(part)
            }
        }
        return result.isEmpty ? [.literal("")] : result
    }
}
