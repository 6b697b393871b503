import Profiles
import SystemTypes

/// The words most statements share: the outcome after `=>`, and a name bound or referred to.
extension ParseState {
    /// A system call's outcome: ok or an errno name, never an exit status or a ghak90 refusal;
    /// nil after the error. `what` names the statement in the message (`'ima policy'`).
    mutating func syscallOutcome(_ words: inout [Word], _ line: LogicalLine, _ keyword: Word, what: String? = nil,
                                 usage: String? = nil) -> ExpectedOutcome? {
        let outcome = self.outcome(&words, line, default: .success, allowErrno: true)
        switch outcome {
        case .success, .errno: return outcome
        case .exitStatus, .killed, .refusal:
            error("\(what ?? "'\(keyword.source)'") ends in ok or an errno name, not \(outcome)", line, column: keyword.column, hint: usage)
            return nil
        }
    }

    /// Takes `=> ok`, `=> EBUSY` or `=> exit N` off the end of a statement.
    mutating func outcome(_ words: inout [Word], _ line: LogicalLine, default fallback: ExpectedOutcome,
                          allowErrno: Bool) -> ExpectedOutcome {
        guard let arrow = words.lastIndex(where: { $0.isWord("=>") }) else { return fallback }
        let tail = Array(words[(arrow + 1)...])
        words.removeSubrange(arrow...)
        let expected = allowErrno ? "ok, an errno name (EBUSY), a refusal name (threaded) or exit N"
            : "ok, exit N or killed SIGNAL"
        switch tail.map(\.source) {
        case ["ok"]:
            return allowErrno ? .success : .exitStatus(0)
        case let sources where sources.count == 2 && sources[0] == "exit":
            if let status = Int32(sources[1]), status >= 0, status < 256 { return .exitStatus(status) }
            error("an exit status is a number from 0 to 255", line, column: tail[1].column)
        case let sources where sources.count == 2 && sources[0] == "killed":
            if let signal = SignalNames.number(of: sources[1]), signal > 0 { return .killed(signal: signal) }
            let near = Spelling.nearest(to: sources[1], in: SignalNames.all)
            error("unknown signal '\(sources[1])'", line, column: tail[1].column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "write a name (KILL, SIGTERM) or a number from 1 to 64")
        case let sources where sources.count == 1 && allowErrno && Errno.looksLikeName(sources[0]):
            if Errno(named: sources[0]) == nil {
                let near = Spelling.nearest(to: sources[0], in: Errno.allNames)
                error("unknown errno '\(sources[0])'", line, column: tail[0].column, hint: near.map { "did you mean '\($0)'?" })
            }
            return .errno(sources[0])
        case let sources where sources.count == 1 && allowErrno && sources[0].first?.isLowercase == true:
            guard BuiltinProfiles.refusalNames.contains(sources[0]) else {
                let near = Spelling.nearest(to: sources[0], in: BuiltinProfiles.refusalNames)
                error("unknown refusal '\(sources[0])'", line, column: tail[0].column,
                      hint: near.map { "did you mean '\($0)'?" } ?? "refusals: " + BuiltinProfiles.refusalNames.joined(separator: ", "))
                return fallback
            }
            return .refusal(sources[0])
        default:
            error("after '=>' write \(expected)", line, column: tail.first?.column ?? words.last.map { $0.column + $0.source.count + 1 } ?? 1)
        }
        return fallback
    }

    mutating func identifier(_ word: Word, _ line: LogicalLine) -> String? {
        let text = word.source
        guard !word.quoted, let first = text.first, first.isLetter || first == "_",
              text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            error("'\(text)' is not a name: use letters, digits and _", line, column: word.column)
            return nil
        }
        if BuiltinVariable(rawValue: text) != nil {
            error("'\(text)' is given by the runner and cannot be bound here", line, column: word.column)
            return nil
        }
        return text
    }
}
