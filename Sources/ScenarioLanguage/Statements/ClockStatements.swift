/// A time as the clock calls take it: whole seconds (negative for a shift back) and
/// nanoseconds from 0 to 999999999, so `-9.876544` is -10 s and 123456000 ns, as the kernel
/// normalizes it and TIME_INJOFFSET prints it (`sec=-10 nsec=123456000`).
public struct ClockTime: Hashable, Sendable {
    public var seconds: Int64
    public var nanoseconds: Int64

    public init(seconds: Int64, nanoseconds: Int64) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// `SECONDS[.FRACTION]`, with at most `digits` digits after the point; a sign only when `signed`.
    static func parse(_ text: String, digits: Int, signed: Bool) -> ClockTime? {
        var rest = Substring(text)
        let negative = signed && rest.first == "-"
        if negative { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int64(whole),
              seconds < 1 << 40 else { return nil }
        var nanoseconds: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= digits, fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int64(fraction) else { return nil }
            nanoseconds = value * Int64(pow10(9 - fraction.count))
        }
        guard negative else { return ClockTime(seconds: seconds, nanoseconds: nanoseconds) }
        return nanoseconds == 0 ? ClockTime(seconds: -seconds, nanoseconds: 0)
            : ClockTime(seconds: -seconds - 1, nanoseconds: 1_000_000_000 - nanoseconds)
    }

    private static func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { value, _ in value * 10 } }
}

/// `settime CALL TIME by AGENT [=> OUTCOME]`: the agent sets CLOCK_REALTIME to TIME (seconds
/// since the epoch) with settimeofday(2) or clock_settime(2); the kernel logs TIME_INJOFFSET
/// with the jump. The runner saves the clock before and puts it back after the scenario.
public struct SetTimeStatement: StatementPayload {
    public enum Call: String, CaseIterable, Hashable, Sendable {
        case settimeofday, clock_settime
    }

    public var call: Call
    public var time: ClockTime
    public var agent: String
    public var outcome: ExpectedOutcome

    public init(call: Call, time: ClockTime, agent: String, outcome: ExpectedOutcome = .success) {
        self.call = call
        self.time = time
        self.agent = agent
        self.outcome = outcome
    }

    /// Every process's time jumps with it.
    public var changesGlobalState: Bool { true }
    public var virtualMachineOnly: String? { "'settime' changes the machine's clock" }
}

/// `adjtime CALL MODE [VALUE] by AGENT [=> OUTCOME]`: one adjtimex(2) or clock_adjtime(2) of
/// CLOCK_REALTIME by the agent, with the one mode written; the kernel logs TIME_INJOFFSET for
/// `setoffset` and TIME_ADJNTPVAL for each NTP value it changes. The runner saves the clock and
/// the NTP values before and puts them back after the scenario.
public struct AdjustTimeStatement: StatementPayload {
    public enum Call: String, CaseIterable, Hashable, Sendable {
        case adjtimex, clock_adjtime
    }

    /// The mode (ADJ_*) and what it sets.
    public enum Adjustment: Hashable, Sendable {
        /// ADJ_SETOFFSET: shifts the clock by the time (microseconds at most).
        case setOffset(ClockTime)
        /// ADJ_OFFSET_SINGLESHOT: adjtime(3)'s slew, microseconds.
        case adjust(Int64)
        /// ADJ_OFFSET: the PLL's offset (taken under STA_PLL).
        case offset(Int64)
        /// ADJ_FREQUENCY: in 2^-16 ppm, as struct timex's freq.
        case frequency(Int64)
        /// ADJ_STATUS: the status bits.
        case status(Int64)
        /// ADJ_TAI: the TAI-UTC offset, seconds.
        case tai(Int64)
        /// ADJ_TICK: microseconds per tick.
        case tick(Int64)
        /// ADJ_NANO, ADJ_MICRO: STA_NANO on, off.
        case nano, micro

        public static let words = ["setoffset", "adjust", "offset", "freq", "status", "tai", "tick", "nano", "micro"]
    }

    public var call: Call
    public var adjustment: Adjustment
    public var agent: String
    public var outcome: ExpectedOutcome

    public init(call: Call, adjustment: Adjustment, agent: String, outcome: ExpectedOutcome = .success) {
        self.call = call
        self.adjustment = adjustment
        self.agent = agent
        self.outcome = outcome
    }

    public var changesGlobalState: Bool { true }
    public var virtualMachineOnly: String? { "'adjtime' changes the machine's clock" }
}

extension ParseState {
    static let setTimeUsage = "settime clock_settime 757094400.123456 by clock [=> ok]"
    static let adjustTimeUsage = "adjtime adjtimex tai 42 by clock [=> ok]"

    mutating func settime(_ arguments: [Word], _ line: LogicalLine, _ keyword: Word) {
        var args = arguments
        guard let outcome = syscallOutcome(&args, line, keyword),
              let agent = clockAgent(&args, line, keyword, statement: "settime", usage: Self.setTimeUsage) else { return }
        guard args.count == 2 else {
            error("'settime' takes a call and a time, then 'by AGENT'", line, column: args.count > 2 ? args[2].column : keyword.column,
                  hint: Self.setTimeUsage)
            return
        }
        guard let call = clockCall(SetTimeStatement.Call.self, args[0], line) else { return }
        // settimeofday takes a struct timeval: microseconds.
        let digits = call == .settimeofday ? 6 : 9
        guard !args[1].quoted, let time = ClockTime.parse(args[1].source, digits: digits, signed: false) else {
            error("'\(args[1].source)' is not a time: seconds since the epoch, and up to \(digits) digits after a point", line,
                  column: args[1].column, hint: Self.setTimeUsage)
            return
        }
        add(.setTime(SetTimeStatement(call: call, time: time, agent: agent, outcome: outcome)), line, keyword)
    }

    mutating func adjtime(_ arguments: [Word], _ line: LogicalLine, _ keyword: Word) {
        var args = arguments
        guard let outcome = syscallOutcome(&args, line, keyword),
              let agent = clockAgent(&args, line, keyword, statement: "adjtime", usage: Self.adjustTimeUsage) else { return }
        guard args.count == 2 || args.count == 3 else {
            error("'adjtime' takes a call, a mode and its value, then 'by AGENT'", line,
                  column: args.count > 3 ? args[3].column : keyword.column, hint: Self.adjustTimeUsage)
            return
        }
        guard let call = clockCall(AdjustTimeStatement.Call.self, args[0], line) else { return }
        let mode = args[1]
        let withoutValue: [String: AdjustTimeStatement.Adjustment] = ["nano": .nano, "micro": .micro]
        if let adjustment = withoutValue[mode.source], !mode.quoted {
            guard args.count == 2 else {
                error("'\(mode.source)' takes no value", line, column: args[2].column, hint: "adjtime \(call.rawValue) \(mode.source) by clock")
                return
            }
            add(.adjustTime(AdjustTimeStatement(call: call, adjustment: adjustment, agent: agent, outcome: outcome)), line, keyword)
            return
        }
        guard !mode.quoted, AdjustTimeStatement.Adjustment.words.contains(mode.source) else {
            let near = Spelling.nearest(to: mode.source, in: AdjustTimeStatement.Adjustment.words)
            error("unknown adjtime mode '\(mode.source)'", line, column: mode.column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "modes: " + AdjustTimeStatement.Adjustment.words.joined(separator: ", "))
            return
        }
        guard args.count == 3 else {
            error("'\(mode.source)' takes a value", line, column: mode.column + mode.source.count + 1, hint: Self.adjustTimeUsage)
            return
        }
        let valueWord = args[2]
        let adjustment: AdjustTimeStatement.Adjustment
        if mode.source == "setoffset" {
            // ADJ_SETOFFSET without ADJ_NANO reads a struct timeval: microseconds.
            guard !valueWord.quoted, let time = ClockTime.parse(valueWord.source, digits: 6, signed: true) else {
                error("'\(valueWord.source)' is not a time: seconds, with a sign for a shift back, and up to 6 digits after a point", line,
                      column: valueWord.column, hint: "adjtime \(call.rawValue) setoffset -9.876544 by clock")
                return
            }
            adjustment = .setOffset(time)
        } else {
            guard !valueWord.quoted, let value = Self.clockNumber(valueWord.source) else {
                error("'\(valueWord.source)' is not a number", line, column: valueWord.column,
                      hint: "a decimal number (-42), or 0x and hex digits (0x2001)")
                return
            }
            switch mode.source {
            case "adjust": adjustment = .adjust(value)
            case "offset": adjustment = .offset(value)
            case "freq": adjustment = .frequency(value)
            case "status": adjustment = .status(value)
            case "tai": adjustment = .tai(value)
            default: adjustment = .tick(value)
            }
        }
        add(.adjustTime(AdjustTimeStatement(call: call, adjustment: adjustment, agent: agent, outcome: outcome)), line, keyword)
    }

    static func clockNumber(_ text: String) -> Int64? {
        if text.hasPrefix("0x") { return Int64(text.dropFirst(2), radix: 16) }
        return Int64(text)
    }

    /// Takes the required `by AGENT` off the end.
    private mutating func clockAgent(_ args: inout [Word], _ line: LogicalLine, _ keyword: Word, statement: String, usage: String) -> String? {
        guard args.count >= 2, args[args.count - 2].isWord("by") else {
            let end = args.last.map { $0.column + $0.source.count + 1 } ?? keyword.column + keyword.source.count + 1
            error("'\(statement)' is made by an agent: end it with 'by AGENT'", line, column: end, hint: usage)
            return nil
        }
        guard let name = identifier(args[args.count - 1], line) else { return nil }
        checkKind(name, args[args.count - 1], line, want: [.agent], statement: "\(statement) ... by")
        args.removeLast(2)
        return name
    }

    private mutating func clockCall<Call: RawRepresentable & CaseIterable>(_ type: Call.Type, _ word: Word, _ line: LogicalLine) -> Call?
    where Call.RawValue == String {
        if !word.quoted, let call = Call(rawValue: word.source) { return call }
        let names = Call.allCases.map(\.rawValue)
        let near = Spelling.nearest(to: word.source, in: names)
        error("'\(word.source)' is not one of \(names.joined(separator: ", "))", line, column: word.column,
              hint: near.map { "did you mean '\($0)'?" })
        return nil
    }
}
