import ScenarioLanguage

/// Matches a template whose variables are not all bound against a value, binding them.
///
/// `$tmp/created` against `/tmp/x/created` binds tmp to `/tmp/x`. Literal parts must match
/// exactly; each unbound variable takes at least one character; a variable used twice must
/// take the same text both times. When several splits fit, the first one found binds: each
/// variable, from the left, takes the shortest text that still lets the rest match.
///
/// The search backtracks, and remembers each (part, position) from which the rest of the
/// template cannot match: without that, `$a$b$c$d$e$f/never` against a long value tries every
/// way to cut it into six and does not finish. A remembered failure also depends on the text of
/// the variables the rest uses again (`$a-$b-$a`), so those texts are part of what is remembered.
/// Without repeated variables the search is O(parts × length²) at worst; a repeated variable
/// multiplies that by the number of texts it can hold where it is used again, so the search
/// also has a budget of steps (`stepBudget`): a template that exhausts it (several variables
/// each written twice, against hundreds of characters) is taken as not matching, rather than
/// hanging a run. No template a scenario needs comes near it.
enum TemplateCapture {
    static let stepBudget = 100_000

    static func match(_ template: Template, against value: String, bindings: [String: String]) -> [String: String]? {
        var search = Search(template: template, value: value, bindings: bindings)
        guard search.solve(0, 0) else { return nil }
        return search.capturedTexts()
    }

    /// A failed state whose outcome depends on the text of variables captured earlier.
    private struct CarriedState: Hashable {
        let part: Int
        let position: Int
        let carried: [Range<Int>]
    }

    /// A template part with its text or its variable's slot resolved once, before the search.
    private enum Step {
        case text([Character])
        case variable(slot: Int)
    }

    private struct Search {
        let steps: [Step]
        let names: [String]
        let chars: [Character]
        /// Per step: the slots of variables captured before it that it or a later step uses again.
        let carried: [[Int]]
        /// Failed (step, position) pairs for steps that carry nothing, at `step * (chars.count + 1) + position`.
        var failed: [Bool]
        var failedCarrying: Set<CarriedState> = []
        /// What each unbound variable took, as a range of `chars`: no text is copied while searching.
        var captured: [Range<Int>?]
        /// Steps left before the search gives up (see `stepBudget`).
        var budget = TemplateCapture.stepBudget

        init(template: Template, value: String, bindings: [String: String]) {
            chars = Array(value)
            var slots: [String: Int] = [:]
            var names: [String] = []
            var uses: [[Int]] = []
            var steps: [Step] = []
            for part in template.parts {
                switch part {
                case .literal(let text):
                    steps.append(.text(Array(text)))
                case .variable(let name, _, _):
                    if let text = bindings[name] { steps.append(.text(Array(text))); continue }
                    let slot = slots[name] ?? names.count
                    if slot == names.count { slots[name] = slot; names.append(name); uses.append([]) }
                    uses[slot].append(steps.count)
                    steps.append(.variable(slot: slot))
                }
            }
            self.steps = steps
            self.names = names
            carried = steps.indices.map { index in uses.indices.filter { uses[$0].first! < index && uses[$0].last! >= index } }
            failed = Array(repeating: false, count: steps.count * (chars.count + 1))
            captured = Array(repeating: nil, count: names.count)
        }

        mutating func solve(_ step: Int, _ position: Int) -> Bool {
            if step == steps.count { return position == chars.count }
            let index = step * (chars.count + 1) + position
            if carried[step].isEmpty {
                if failed[index] { return false }
                if attempt(step, position) { return true }
                failed[index] = true
                return false
            }
            let key = CarriedState(part: step, position: position, carried: carried[step].map { captured[$0]! })
            if failedCarrying.contains(key) { return false }
            if attempt(step, position) { return true }
            failedCarrying.insert(key)
            return false
        }

        private mutating func attempt(_ step: Int, _ position: Int) -> Bool {
            budget -= 1
            if budget < 0 { return false }
            switch steps[step] {
            case .text(let text):
                return consume(text[...], at: position).map { solve(step + 1, $0) } ?? false
            case .variable(let slot):
                if let range = captured[slot] {
                    return consume(chars[range], at: position).map { solve(step + 1, $0) } ?? false
                }
                guard position < chars.count else { return false }
                for end in (position + 1)...chars.count {
                    captured[slot] = position..<end
                    if solve(step + 1, end) { return true }
                }
                captured[slot] = nil
                return false
            }
        }

        private func consume(_ text: ArraySlice<Character>, at position: Int) -> Int? {
            guard position + text.count <= chars.count, chars[position..<(position + text.count)].elementsEqual(text) else { return nil }
            return position + text.count
        }

        func capturedTexts() -> [String: String] {
            var texts: [String: String] = [:]
            for (slot, range) in captured.enumerated() { if let range { texts[names[slot]] = String(chars[range]) } }
            return texts
        }
    }
}
