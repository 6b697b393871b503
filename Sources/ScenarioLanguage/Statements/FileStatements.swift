/// `create`, `append`, `rename`, ... (`FileOperation`): one system call on the scenario's
/// files under `$tmp`, by an agent (nil: the runner), its errno checked.
public struct FileStatement: StatementPayload {
    public var operation: FileOperation
    public var actor: String?
    public var outcome: ExpectedOutcome

    public init(operation: FileOperation, actor: String? = nil, outcome: ExpectedOutcome = .success) {
        self.operation = operation
        self.actor = actor
        self.outcome = outcome
    }

    public var templates: [Template] { operation.templates }
    public var runnerMakesTheCall: Bool { actor == nil }
}

/// The file statements: `create`, `append`, `rename`, `link`, `symlink`, `unlink`, `chmod`,
/// `mkdir`, `rmdir`, each `[by AGENT] [=> OUTCOME]`, on paths under `$tmp` only.
extension ParseState {
    /// What each statement takes before its options, and how it is written.
    static func fileUsage(of keyword: String) -> String { shape(of: keyword).usage }

    /// The synopsis of a file statement, as the reference's table of file calls writes it.
    static func fileSynopsis(of keyword: String) -> String {
        switch keyword {
        case "create": "create FILE [mode MODE]"
        case "append": "append FILE VALUE"
        case "rename": "rename FROM TO"
        case "link": "link FROM TO"
        case "symlink": "symlink TARGET LINK"
        case "unlink": "unlink FILE"
        case "chmod": "chmod MODE FILE"
        case "mkdir": "mkdir DIR [mode MODE]"
        default: "rmdir DIR"
        }
    }

    private static func shape(of keyword: String) -> (positional: Int, takesMode: Bool, usage: String) {
        switch keyword {
        case "create": return (1, true, "create $tmp/file [mode 0600] [by AGENT] [=> ok]")
        case "append": return (2, false, "append $tmp/file \"more text\" [by AGENT] [=> ok]")
        case "rename": return (2, false, "rename $tmp/old $tmp/new [by AGENT] [=> ok]")
        case "link": return (2, false, "link $tmp/file $tmp/second-name [by AGENT] [=> ok]")
        case "symlink": return (2, false, "symlink TARGET $tmp/link [by AGENT] [=> ok]")
        case "unlink": return (1, false, "unlink $tmp/file [by AGENT] [=> ok]")
        case "chmod": return (2, false, "chmod 0600 $tmp/file [by AGENT] [=> ok]")
        case "mkdir": return (1, true, "mkdir $tmp/dir [mode 0700] [by AGENT] [=> ok]")
        default: return (1, false, "rmdir $tmp/dir [by AGENT] [=> ok]")
        }
    }

    mutating func fileStatement(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        let name = keyword.source
        let (positional, takesMode, usage) = Self.shape(of: name)
        var rest = args
        guard let outcome = syscallOutcome(&rest, line, keyword, usage: usage) else { return }
        var actor: String?
        var mode: UInt32?
        // Options come after the positional words, so a value spelt "by" is still a value.
        while rest.count >= positional + 2, !rest[rest.count - 2].quoted {
            let option = rest[rest.count - 2], word = rest[rest.count - 1]
            if option.source == "by" {
                guard let agent = identifier(word, line) else { return }
                checkKind(agent, word, line, want: [.agent], statement: "\(name) ... by")
                actor = agent
            } else if option.source == "mode", takesMode {
                guard let number = Self.mode(word) else {
                    error("'mode' takes an octal mode such as 0644", line, column: word.column, hint: usage)
                    return
                }
                mode = number
            } else { break }
            rest.removeLast(2)
        }
        guard rest.count == positional else {
            let extra = rest.count > positional ? rest[positional] : nil
            let options = takesMode ? ["by", "mode"] : ["by"]
            let near = extra.flatMap { Spelling.nearest(to: $0.source, in: options) }
            let count = positional == 1 ? "one path" : name == "append" ? "a path and a value" : name == "chmod" ? "a mode and a path" : "two paths"
            error("'\(name)' takes \(count)", line, column: extra?.column ?? keyword.column,
                  hint: near.map { "did you mean '\($0)'?" } ?? usage + " (quote a word with spaces)")
            return
        }
        guard let operation = fileOperation(name, rest, mode: mode, line, usage: usage) else { return }
        // Each confined path is reported at its own word.
        let confined: [Int] = switch name {
        case "rename", "link": [0, 1]
        case "symlink", "chmod": [1]
        default: [0]
        }
        for word in confined.map({ rest[$0] }) where !ScenarioPaths.isUnderTmp(word.template) {
            error("'\(name)' works on paths under $tmp only", line, column: word.column,
                  hint: "a scenario's file statements stay in its own directory: \(usage)")
            return
        }
        add(.file(FileStatement(operation: operation, actor: actor, outcome: outcome)), line, keyword)
    }

    /// The call a file statement makes, from its positional words; nil after an error.
    private mutating func fileOperation(_ name: String, _ words: [Word], mode: UInt32?, _ line: LogicalLine,
                                        usage: String) -> FileOperation? {
        let first = words[0].template, second = words.count > 1 ? words[1].template : first
        switch name {
        case "create": return .create(first, mode: mode ?? 0o644)
        case "append": return .append(first, value: second)
        case "rename": return .rename(first, to: second)
        case "link": return .link(first, to: second)
        case "symlink": return .symlink(target: first, at: second)
        case "unlink": return .unlink(first)
        case "chmod":
            guard let number = Self.mode(words[0]) else {
                error("'chmod' takes an octal mode such as 0644 before the path", line, column: words[0].column, hint: usage)
                return nil
            }
            return .chmod(second, mode: number)
        case "mkdir": return .mkdir(first, mode: mode ?? 0o755)
        default: return .rmdir(first)
        }
    }

    /// An octal mode, 0 to 07777, written with digits 0-7 only.
    static func mode(_ word: Word) -> UInt32? {
        guard !word.quoted, !word.source.isEmpty, word.source.count <= 5,
              let value = UInt32(word.source, radix: 8), value <= 0o7777 else { return nil }
        return value
    }

    /// `write`'s file: under `$tmp`, or a file of a process the scenario started
    /// (`/proc/$NAME/FILE`), or an agent's own (`/proc/self/FILE` with `by`). Never the runner's
    /// own /proc/self (its loginuid, say), never a link out of /proc (root, cwd, exe).
    mutating func checkWritePath(_ word: Word, writer: String?, _ line: LogicalLine) {
        let template = word.template
        if ScenarioPaths.isUnderTmp(template) { return }
        let hint = "write $tmp/FILE, /proc/$NAME/FILE (NAME a process of the scenario) or /proc/self/FILE by an agent"
        guard case .literal(let head)? = template.parts.first, head.hasPrefix("/proc/") else {
            error("'write' works on files under $tmp or /proc/$NAME only", line, column: word.column, hint: hint)
            return
        }
        // The file under /proc/PID/: one component, no link out of /proc.
        func checkFile(_ tail: String) -> Bool {
            guard tail.hasPrefix("/"), tail.count > 1, !tail.dropFirst().contains("/"),
                  !ScenarioPaths.procLinks.contains(String(tail.dropFirst())), tail != "/..", tail != "/." else {
                error("'write' may name one file directly under /proc/$NAME/, not a link out of it (root, cwd, exe)",
                      line, column: word.column, hint: hint)
                return false
            }
            return true
        }
        if head.hasPrefix("/proc/self/"), template.parts.count == 1 {
            guard writer != nil else {
                error("/proc/self of the runner is the runner itself: write it 'by' an agent", line, column: word.column,
                      hint: "write /proc/self/loginuid 1000 by AGENT (a scenario never changes the runner's own process)")
                return
            }
            _ = checkFile(String(head.dropFirst("/proc/self".count)))
            return
        }
        // /proc/$NAME/FILE, or a thread's /proc/$NAME/task/$NAME.tid/FILE (the leader's: task/$NAME):
        // the task directory of that very process, nothing else.
        let parts = template.parts
        guard head == "/proc/", parts.count == 3 || parts.count == 5,
              case .variable(let name, _, _) = parts[1], case .literal(let tail) = parts[parts.count - 1] else {
            error("'write' works on /proc/$NAME/FILE or /proc/$NAME/task/$NAME.tid/FILE, NAME a process the scenario started",
                  line, column: word.column, hint: hint)
            return
        }
        if parts.count == 5 {
            guard case .literal("/task/") = parts[2], case .variable(let task, _, _) = parts[3],
                  task == name || task == name + ".tid" else {
                error("a task file is /proc/$NAME/task/$NAME.tid/FILE: the thread of that same process", line, column: word.column,
                      hint: "write /proc/$target/task/$target.tid/audit_containerid 5 (after 'thread target')")
                return
            }
        }
        guard checkFile(tail) else { return }
        if BuiltinVariable(rawValue: name) != nil {
            error("'$\(name)' is not a process: /proc/$NAME needs a name bound by agent, spawn, fork or netns", line, column: word.column, hint: hint)
        } else if let kind = kinds[name], kind == .value {
            error("'$\(name)' is a value read from a file, not a process: /proc/$NAME needs a name bound by agent, spawn, fork or netns",
                  line, column: word.column, hint: hint)
        } else if boundSoFar.contains(name), kinds[name] == nil {
            error("'$\(name)' is not a process of the scenario: /proc/$NAME needs a name bound by agent, spawn, fork or netns",
                  line, column: word.column, hint: hint)
        }
    }
}
