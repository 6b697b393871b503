/// `expect [no | N | at least N] event[s] ...` and the end of its block of records.
extension ParseState {
    static let expectUsage = "expect [no | N | at least N] event[s] [unordered] [exact] [within 2s] [from ausearch]"

    /// `expect [no | N | at least N] event[s] [unordered] [exact] [within DURATION] [from ausearch]`
    mutating func expect(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var words = args.filter { !$0.quoted }
        let usage = Self.expectUsage
        var count = EventCount.atLeast(1)
        // Even a wrong 'expect' line opens its block, so its records are not also reported as stray.
        func fail(_ message: String, _ word: Word?) {
            error(message, line, column: word?.column ?? keyword.column + keyword.source.count + 1, hint: usage)
            openEvent = ExpectedEvent(records: [], location: location(line, column: keyword.column))
            openEventHadErrors = true
        }
        guard words.count == args.count else { return fail("'expect' takes no quoted words", args.first { $0.quoted }) }
        // How many.
        if words.first?.source == "no" {
            count = .exactly(0)
            words.removeFirst()
        } else if words.count >= 2, words[0].source == "at", words[1].source == "least" {
            guard words.count >= 3, let n = Int(words[2].source), n >= 1 else { return fail("'at least' takes a number from 1", words.dropFirst(2).first) }
            count = .atLeast(n)
            words.removeFirst(3)
        } else if let first = words.first, let n = Int(first.source) {
            guard n >= 0 else { return fail("an event count is 0 or more", first) }
            count = .exactly(n)
            words.removeFirst()
        }
        guard let noun = words.first, noun.source == "event" || noun.source == "events" else {
            return fail("'expect' is followed by 'event'", words.first)
        }
        words.removeFirst()
        var event = ExpectedEvent(records: [], location: location(line, column: keyword.column), count: count)
        while let word = words.first {
            words.removeFirst()
            switch word.source {
            case "unordered": event.ordered = false
            case "exact": event.exact = true
            case "within":
                guard let value = words.first, let seconds = Self.duration(value.source), seconds > 0 else {
                    return fail("'within' takes a duration such as 2s or 500ms", words.first ?? word)
                }
                words.removeFirst()
                event.within = seconds
            case "from":
                guard words.first?.source == "ausearch" else { return fail("'from' is followed by 'ausearch'", words.first ?? word) }
                words.removeFirst()
                event.pastedFromAusearch = true
            default:
                let near = Spelling.nearest(to: word.source, in: ["unordered", "exact", "within", "from"])
                error("unknown word '\(word.source)' after 'expect'", line, column: word.column,
                      hint: near.map { "did you mean '\($0)'?" } ?? usage)
                openEvent = event
                openEventHadErrors = true
                return
            }
        }
        openEvent = event
        openEventHadErrors = false
    }

    mutating func closeEvent() {
        guard var event = openEvent else { return }
        openEvent = nil
        // ausearch prints each event newest record first (spec/records.md): back to arrival order.
        if event.pastedFromAusearch { event.records.reverse() }
        if event.records.isEmpty, !openEventHadErrors {
            let place = event.location
            diagnostics.append(Diagnostic(location: place, message: "'expect event' needs at least one record on an indented line below it",
                                          hint: "    type=SYSCALL key=$key", lineText: sourceLines[place.line - 1]))
            return
        }
        scenario.expectations.append(event)
    }
}
