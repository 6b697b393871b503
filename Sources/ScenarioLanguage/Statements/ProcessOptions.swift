/// How a started process (an agent, or a command of `spawn` and `run`) differs from the
/// runner: the network namespace it enters, the namespaces it creates, its uid, the
/// capabilities it lacks. Written after the name, before any command:
/// `[in NETNS] [new KINDS] [as UID] [without CAP_NAME...]`, in any order; an agent also
/// `[with tty]`.
public struct ProcessOptions: Hashable, Sendable {
    public var netns: String?
    public var create: [NamespaceKind] = []
    public var uid: UInt32?
    public var dropCapabilities: [Int] = []
    /// A pseudo-terminal as the controlling terminal of a session of its own (agents only).
    public var terminal = false

    public init(netns: String? = nil, create: [NamespaceKind] = [], uid: UInt32? = nil, dropCapabilities: [Int] = [],
                terminal: Bool = false) {
        self.netns = netns
        self.create = create
        self.uid = uid
        self.dropCapabilities = dropCapabilities
        self.terminal = terminal
    }

    static let words = ["in", "new", "as", "without", "with"]
}

extension ParseState {
    /// Reads the options off the front of `words`. With `commandFollows`, the first word that
    /// is no option starts the command; without, any other word is an error. nil after an error.
    mutating func processOptions(_ words: inout [Word], _ line: LogicalLine, statement: String,
                                 commandFollows: Bool, usage: String) -> ProcessOptions? {
        var options = ProcessOptions()
        var seen: Set<String> = []
        while let option = words.first {
            let word = option.quoted ? "" : option.source
            guard ProcessOptions.words.contains(word) else {
                if commandFollows { break }
                let near = Spelling.nearest(to: option.source, in: ProcessOptions.words)
                error("unknown word '\(option.source)' after '\(statement)'", line, column: option.column,
                      hint: near.map { "did you mean '\($0)'?" } ?? usage)
                return nil
            }
            guard !seen.contains(word) else {
                error("'\(word)' is written twice", line, column: option.column, hint: usage)
                return nil
            }
            seen.insert(word)
            words.removeFirst()
            guard let value = words.first else {
                error("'\(word)' needs a value", line, column: option.column, hint: usage)
                return nil
            }
            guard processOption(word, option, &words, into: &options, line, statement: statement, commandFollows: commandFollows) else {
                return nil
            }
            if options.netns != nil, options.create.contains(.net) {
                error("'in NETNS' and 'new net' contradict each other: a process is in one network namespace",
                      line, column: option.column, hint: usage)
                return nil
            }
        }
        return options
    }

    /// One option's value (the words after it, for `without`), taken off `words`; false after an error.
    private mutating func processOption(_ word: String, _ option: Word, _ words: inout [Word], into options: inout ProcessOptions,
                                        _ line: LogicalLine, statement: String, commandFollows: Bool) -> Bool {
        let value = words[0]
        switch word {
        case "in":
            guard let name = identifier(value, line) else { return false }
            checkKind(name, value, line, want: [.netns], statement: "in")
            options.netns = name
        case "new":
            guard let kinds = namespaceKinds(value, line, statement: "new") else { return false }
            options.create = kinds
        case "as":
            guard let number = UInt32(value.source), !value.quoted else {
                error("'as' takes a numeric uid", line, column: value.column, hint: "\(statement) as 65534")
                return false
            }
            options.uid = number
        case "with":
            guard value.isWord("tty") else {
                error("'with' takes 'tty'", line, column: value.column, hint: "agent login with tty")
                return false
            }
            guard !commandFollows else {
                error("only an agent takes 'with tty'", line, column: option.column, hint: "agent login with tty")
                return false
            }
            options.terminal = true
        default:  // without: one or more capabilities
            return droppedCapabilities(option, &words, into: &options, line)
        }
        words.removeFirst()
        return true
    }

    private mutating func droppedCapabilities(_ option: Word, _ words: inout [Word], into options: inout ProcessOptions,
                                              _ line: LogicalLine) -> Bool {
        guard words[0].source.uppercased().hasPrefix("CAP_") else {
            error("'without' names one or more capabilities", line, column: option.column, hint: "without CAP_AUDIT_CONTROL")
            return false
        }
        while let capability = words.first, !capability.quoted, capability.source.uppercased().hasPrefix("CAP_") {
            words.removeFirst()
            guard let number = CapabilityNames.number(of: capability.source.uppercased()) else {
                let near = Spelling.nearest(to: capability.source.uppercased(), in: CapabilityNames.ordered)
                error("unknown capability '\(capability.source)'", line, column: capability.column, hint: near.map { "did you mean '\($0)'?" })
                return false
            }
            options.dropCapabilities.append(number)
        }
        return true
    }
}
