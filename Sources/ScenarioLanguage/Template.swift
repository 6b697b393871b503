/// Text with `$name` or `${name}` references, filled in when the scenario runs.
///
/// `$child` becomes the pid bound by `spawn child ...`; `$tmp` and `$key` are given by the
/// runner. Templates keep where each reference stands, so an unknown name is reported there.
public struct Template: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Part: Hashable, Sendable, Codable {
        case literal(String)
        /// `$name`, or `${name}` when `braced`; `column` is where the `$` stands.
        case variable(String, column: Int, braced: Bool = false)
    }

    public var parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    public static func literal(_ text: String) -> Template { Template(parts: [.literal(text)]) }

    /// What `$NAME.ATTRIBUTE` may ask of a bound process: the tid of the thread `thread NAME`
    /// started, and the inode number of its network namespace (as /proc/PID/ns/net names it).
    public static let attributes = ["tid", "netns"]

    public var variables: [(name: String, column: Int)] {
        parts.compactMap { if case .variable(let name, let column, _) = $0 { return (name, column) } else { return nil } }
    }

    /// Whether every reference has a value in `values` (without building the list of references:
    /// matching asks this for every record of a replayed log).
    public func isBound(by values: [String: String]) -> Bool {
        for part in parts {
            if case .variable(let name, _, _) = part, values[name] == nil { return false }
        }
        return true
    }

    /// Fills in the references; a name without a value is left as written, so it shows in a diff.
    public func render(_ values: [String: String]) -> String {
        if parts.count == 1, case .literal(let text) = parts[0] { return text }
        return parts.map { part in
            switch part {
            case .literal(let text): return text
            case .variable(let name, _, let braced): return values[name] ?? (braced ? "${\(name)}" : "$\(name)")
            }
        }.joined()
    }

    public var description: String {
        parts.map { part in
            switch part {
            case .literal(let text): return text
            case .variable(let name, _, _): return "${\(name)}"
            }
        }.joined()
    }

    /// Splits text into literals and references. `column` is where `text` starts in its line.
    /// `$$` is a literal `$`; a `$` not followed by a name stays literal too.
    public static func parse(_ text: String, column: Int) -> Template {
        parse(text, columns: Array(column..<(column + text.count)))
    }

    /// As `parse(_:column:)`, with the source column of each character given: for text whose
    /// escapes (`\t` in double quotes) made it shorter than what was written.
    static func parse(_ text: String, columns: [Int]) -> Template {
        let chars = Array(text)
        func column(at index: Int) -> Int { index < columns.count ? columns[index] : (columns.last ?? 0) + 1 }
        var parts: [Part] = []
        var literal = ""
        var i = 0
        func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while i < chars.count {
            guard chars[i] == "$", i + 1 < chars.count else { literal.append(chars[i]); i += 1; continue }
            if chars[i + 1] == "$" { literal.append("$"); i += 2; continue }
            var nameStart = i + 1
            var braced = false
            if chars[nameStart] == "{" { braced = true; nameStart += 1 }
            var end = nameStart
            while end < chars.count, isNameChar(chars[end]) { end += 1 }
            // `$child.tid`, `$lab.netns`: an attribute of a bound name; any other dot is text.
            if end > nameStart, end < chars.count, chars[end] == "." {
                for attribute in Template.attributes {
                    let after = end + 1 + attribute.count
                    guard after <= chars.count, String(chars[(end + 1)..<after]) == attribute,
                          after == chars.count || !isNameChar(chars[after]) else { continue }
                    end = after
                    break
                }
            }
            guard end > nameStart, chars[nameStart].isLetter || chars[nameStart] == "_",
                  !braced || (end < chars.count && chars[end] == "}") else {
                literal.append(chars[i]); i += 1; continue
            }
            if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
            parts.append(.variable(String(chars[nameStart..<end]), column: column(at: i), braced: braced))
            i = braced ? end + 1 : end
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.literal(literal)) }
        return Template(parts: parts)
    }
}
