/// The statements that say what a scenario is rather than what it does: `scenario`, `covers`,
/// `requires`, `timeout`.
extension ParseState {
    mutating func title(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count == 1, let text = args[0].literal, !text.isEmpty else {
            error("'scenario' takes one quoted title", line, column: args.first?.column ?? keyword.column + keyword.source.count,
                  hint: "scenario \"a file created under a watched directory\"")
            return
        }
        if sawTitle { error("a file holds one scenario; this is its second title", line, column: keyword.column) }
        sawTitle = true
        scenario.title = text
    }

    mutating func covers(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count >= 2, let spec = args[0].literal else {
            error("'covers' names a spec and its items", line, column: keyword.column, hint: "covers ghak90 b1 c13.7")
            return
        }
        for word in args.dropFirst() {
            scenario.covers.append(SpecItem(spec: spec, item: word.literal ?? word.source))
        }
    }

    mutating func requires(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        if args.isEmpty { error("'requires' names one or more features", line, column: keyword.column) }
        for word in args {
            if let feature = Feature(rawValue: word.source) {
                scenario.requirements.append(Requirement(feature: feature, location: location(line, column: word.column)))
            } else {
                let known = Feature.allCases.map(\.rawValue)
                let near = Spelling.nearest(to: word.source, in: known)
                error("unknown feature '\(word.source)'", line, column: word.column,
                      hint: near.map { "did you mean '\($0)'?" } ?? "features are: " + known.joined(separator: ", "))
            }
        }
    }

    mutating func timeout(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count == 1, let seconds = Self.duration(args[0].source), seconds > 0 else {
            error("'timeout' takes one duration", line, column: args.first?.column ?? keyword.column, hint: "timeout 5s, or timeout 500ms")
            return
        }
        scenario.timeout = seconds
    }

    static func duration(_ text: String) -> Double? {
        if text.hasSuffix("ms") { return Double(text.dropLast(2)).map { $0 / 1000 } }
        if text.hasSuffix("s") { return Double(text.dropLast()) }
        return nil
    }
}
