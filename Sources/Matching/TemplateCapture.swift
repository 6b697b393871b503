import ScenarioLanguage

/// Matches a template whose variables are not all bound against a value, binding them.
///
/// `$tmp/created` against `/tmp/x/created` binds tmp to `/tmp/x`. Literal parts must match
/// exactly; each unbound variable takes at least one character; a variable used twice must
/// take the same text both times. Values are short, so plain backtracking is enough.
enum TemplateCapture {
    static func match(_ template: Template, against value: String, bindings: [String: String]) -> [String: String]? {
        var captured: [String: String] = [:]
        let parts = template.parts
        let chars = Array(value)
        func solve(_ part: Int, _ position: Int) -> Bool {
            if part == parts.count { return position == chars.count }
            switch parts[part] {
            case .literal(let text):
                return consume(Array(text), at: position).map { solve(part + 1, $0) } ?? false
            case .variable(let name, _, _):
                if let known = bindings[name] ?? captured[name] {
                    return consume(Array(known), at: position).map { solve(part + 1, $0) } ?? false
                }
                guard position < chars.count else { return false }
                for end in (position + 1)...chars.count {
                    captured[name] = String(chars[position..<end])
                    if solve(part + 1, end) { return true }
                }
                captured[name] = nil
                return false
            }
        }
        func consume(_ text: [Character], at position: Int) -> Int? {
            guard position + text.count <= chars.count, Array(chars[position..<(position + text.count)]) == text else { return nil }
            return position + text.count
        }
        return solve(0, 0) ? captured : nil
    }
}
