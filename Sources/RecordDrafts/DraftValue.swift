import ScenarioLanguage

/// Writes one expected field, `name=value`, in the language's own syntax, so the parser reads
/// back exactly the value written (docs/scenario-language.md, "expect"):
/// - bare when the value holds no blank, no quote mark and no unclosed parenthesis
///   (a bare value with `(` runs to the `)` that closes it, as `ausearch -i` writes `exit=`);
/// - in double quotes when it holds blanks but no `"`;
/// - in single quotes (literal: no variables, `$` as it is) when it holds `"` and no variable;
/// - a program title (`proctitle`, the record's only field) bare to the end of the line;
/// - otherwise not at all (nil).
/// Bare and double-quoted values take variables, and a literal `$` is written `$$`.
enum DraftValue {
    static func write(name: String, parts: [Template.Part], lastOnLine: Bool) -> String? {
        let hasVariable = parts.contains { if case .variable = $0 { return true } else { return false } }
        let plain = parts.map { part -> String in
            switch part {
            case .literal(let text): return text
            case .variable(let name, _, _): return "$" + name
            }
        }.joined()
        if !hasVariable, plain == "*" { return name + "='*'" }
        if plain.isEmpty { return name + "=\"\"" }
        let blank = plain.contains(" ") || plain.contains("\t")
        let quotes = plain.contains("\"") || plain.contains("'")
        if !blank, !quotes, parenthesesClose(plain), !plain.hasSuffix("\\") {
            return name + "=" + template(parts)
        }
        if !plain.contains("\"") { return name + "=\"" + template(parts) + "\"" }
        if !hasVariable, !plain.contains("'") { return name + "='" + plain + "'" }
        if name == "proctitle", lastOnLine, plain.first != "'", plain.last != " ", plain.last != "\\" {
            return name + "=" + template(parts)
        }
        return nil
    }

    /// Literal text with `$` doubled, variables as `$name` (or `${name}` when a name character
    /// or a dot follows, which would otherwise be read as part of it).
    static func template(_ parts: [Template.Part]) -> String {
        var out = ""
        for (index, part) in parts.enumerated() {
            switch part {
            case .literal(let text): out += text.replacingOccurrences(of: "$", with: "$$")
            case .variable(let name, _, _):
                var next: Character?
                if index + 1 < parts.count, case .literal(let text) = parts[index + 1] { next = text.first }
                if let next, next.isLetter || next.isNumber || next == "_" || next == "." {
                    out += "${" + name + "}"
                } else {
                    out += "$" + name
                }
            }
        }
        return out
    }

    /// Whether every `(` is closed by a `)` after it.
    static func parenthesesClose(_ text: String) -> Bool {
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 } else if character == ")", depth > 0 { depth -= 1 }
        }
        return depth == 0
    }
}
