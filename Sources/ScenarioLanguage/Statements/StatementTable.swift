/// One statement of the language as the parser knows it: its keyword, its synopsis (as
/// docs/scenario-language.md writes it; a test holds the two together) and the function that
/// reads it, which lives beside the statement's payload and states its errors' examples.
struct StatementForm: Sendable {
    let keyword: String
    let synopsis: String
    let parse: @Sendable (inout ParseState, _ args: [Word], _ line: LogicalLine, _ keyword: Word) -> Void
}

/// Every statement of the language, in the order the reference lists them. Dispatch, the
/// "did you mean" hint, the list of statements and the documentation test all read this one
/// table; each form's parser lives beside its payload in Statements/.
enum StatementTable {
    static let forms: [StatementForm] = [
        StatementForm(keyword: "scenario", synopsis: "scenario \"TITLE\"") { $0.title($1, $2, $3) },
        StatementForm(keyword: "covers", synopsis: "covers SPEC ITEM...") { $0.covers($1, $2, $3) },
        StatementForm(keyword: "requires", synopsis: "requires FEATURE...") { $0.requires($1, $2, $3) },
        StatementForm(keyword: "timeout", synopsis: "timeout DURATION") { $0.timeout($1, $2, $3) },
        StatementForm(keyword: "parameters", synopsis: "parameters NAME...") { $0.parameters($1, $2, $3) },
        StatementForm(keyword: "rule", synopsis: "rule AUDITCTL-OPTIONS") { $0.rule($1, $2, $3) },
        StatementForm(keyword: "set", synopsis: "set SETTING VALUE") { $0.setting($1, $2, $3) },
        StatementForm(keyword: "netns", synopsis: "netns NAME") { $0.netns($1, $2, $3) },
        StatementForm(keyword: "veth", synopsis: "veth NETNS ADDRESSES NETNS ADDRESSES") { $0.veth($1, $2, $3) },
        StatementForm(keyword: "spawn", synopsis: "spawn NAME [OPTIONS] COMMAND...") { $0.spawn($1, $2, $3) },
        StatementForm(keyword: "run", synopsis: "run [OPTIONS] COMMAND... [=> OUTCOME]") { $0.run($1, $2, $3) },
        StatementForm(keyword: "wait", synopsis: "wait NAME [=> OUTCOME]") { $0.wait($1, $2, $3) },
        StatementForm(keyword: "agent", synopsis: "agent NAME [OPTIONS]") { $0.agent($1, $2, $3) },
        StatementForm(keyword: "fork", synopsis: "fork CHILD from PARENT") { $0.fork($1, $2, $3) },
        StatementForm(keyword: "thread", synopsis: "thread NAME") { $0.thread($1, $2, $3) },
        StatementForm(keyword: "exec", synopsis: "exec AGENT COMMAND... [=> OUTCOME]") { $0.exec($1, $2, $3) },
        StatementForm(keyword: "unshare", synopsis: "unshare AGENT KINDS [=> OUTCOME]") { $0.unshare($1, $2, $3) },
        StatementForm(keyword: "setns", synopsis: "setns AGENT KIND of NAME [=> OUTCOME]") { $0.setns($1, $2, $3) },
        StatementForm(keyword: "write", synopsis: "write FILE VALUE [by NAME] [at OFFSET] [ending CHILD | reaping CHILD] [=> OUTCOME]") { $0.write($1, $2, $3) },
        StatementForm(keyword: "read", synopsis: "read [NAME from] FILE [by AGENT] [is VALUE] [=> OUTCOME]") { $0.read($1, $2, $3) },
        StatementForm(keyword: "signal", synopsis: "signal SIGNAL to NAME [from AGENT] [=> OUTCOME]") { $0.signal($1, $2, $3) },
        StatementForm(keyword: "ptrace", synopsis: "ptrace NAME from AGENT [=> OUTCOME]") { $0.ptrace($1, $2, $3) },
        StatementForm(keyword: "usermsg", synopsis: "usermsg TEXT [from AGENT] [=> OUTCOME]") { $0.userMessage($1, $2, $3) },
        StatementForm(keyword: "io_uring", synopsis: "io_uring openat FILE [by AGENT] [=> OUTCOME]") { $0.ioUring($1, $2, $3) },
        StatementForm(keyword: "socketcall", synopsis: "socketcall connect ADDRESS:PORT [by AGENT] [=> OUTCOME]") { $0.socketcall($1, $2, $3) },
        StatementForm(keyword: "ima", synopsis: "ima policy RULE [by AGENT] [=> OUTCOME]") { $0.ima($1, $2, $3) },
        StatementForm(keyword: "settime", synopsis: "settime CALL TIME by AGENT [=> OUTCOME]") { $0.settime($1, $2, $3) },
        StatementForm(keyword: "adjtime", synopsis: "adjtime CALL MODE [VALUE] by AGENT [=> OUTCOME]") { $0.adjtime($1, $2, $3) },
        StatementForm(keyword: "module", synopsis: "module load NAME [PARAMETERS] | unload NAME by AGENT [=> OUTCOME]") { $0.module($1, $2, $3) },
    ] + FileOperation.keywords.map { keyword in
        StatementForm(keyword: keyword, synopsis: ParseState.fileSynopsis(of: keyword)) { $0.fileStatement($1, $2, $3) }
    } + [
        StatementForm(keyword: "expect", synopsis: "expect [no | N | at least N] event[s] [unordered] [exact] [within DURATION] [from ausearch]") { $0.expect($1, $2, $3) },
    ]

    static let byKeyword: [String: StatementForm] = Dictionary(uniqueKeysWithValues: forms.map { ($0.keyword, $0) })
}
