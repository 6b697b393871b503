import ScenarioLanguage
import Testing

/// `new KINDS` on agents and commands, `as`/`without` on commands, `unshare`, `setns`, `exec`
/// and the outcome of `usermsg`: what each reads into, and each mistake at its line:column.
@Suite struct NamespaceStatementTests {
    static let source = Sources.titled(
        "netns lab",                                                         // 2
        "agent boxed new user,pid,uts,ipc,mnt",                              // 3
        "agent weak new net as 65534 without CAP_AUDIT_CONTROL",             // 4
        "unshare boxed uts,ipc",                                             // 5
        "unshare weak user => EPERM",                                        // 6
        "setns boxed net of lab => ok",                                      // 7
        "setns weak uts of boxed",                                           // 8
        "spawn s in lab as 65534 without CAP_KILL sleep 30",                 // 9
        "spawn p new pid,uts sleep 30",                                      // 10
        "run as 65534 new user id -u => exit 0",                             // 11
        "run in lab ip -o link show lo",                                     // 12
        "usermsg \"text=x\" from weak => EPERM",                             // 13
        "exec boxed sh -c 'exit 3'",                                         // 14
        "wait boxed => exit 3",                                              // 15
        "signal TERM to boxed => ESRCH",                                     // 16
        "setns weak pid of boxed",                                           // 17
        "exec weak /nonexistent => ENOENT",                                  // 18
        "write $tmp/x y by weak"                                             // 19
    )

    func actions() throws -> [Action] { try Sources.scenario(Self.source).steps.map(\.action) }

    @Test func agentsInNewNamespaces() throws {
        let actions = try actions()
        #expect(actions[1] == .agent(AgentStatement(name: "boxed", options: ProcessOptions(create: [.user, .pid, .uts, .ipc, .mnt]))))
        #expect(actions[2] == .agent(AgentStatement(name: "weak", options: ProcessOptions(create: [.net], uid: 65534, dropCapabilities: [30]))))
    }

    @Test func unshareAndSetns() throws {
        let actions = try actions()
        #expect(actions[3] == .unshare(UnshareStatement(agent: "boxed", kinds: [.uts, .ipc], outcome: .success)))
        #expect(actions[4] == .unshare(UnshareStatement(agent: "weak", kinds: [.user], outcome: .errno("EPERM"))))
        #expect(actions[5] == .setns(SetnsStatement(agent: "boxed", kind: .net, of: "lab", outcome: .success)))
        #expect(actions[6] == .setns(SetnsStatement(agent: "weak", kind: .uts, of: "boxed", outcome: .success)))
        // After its exec, boxed is a program: still a process whose namespace can be joined.
        #expect(actions[15] == .setns(SetnsStatement(agent: "weak", kind: .pid, of: "boxed", outcome: .success)))
    }

    @Test func commandsWithOptionsBeforeTheirWords() throws {
        let actions = try actions()
        guard case .spawn(let s) = actions[7], case .spawn(let p) = actions[8], case .run(let id) = actions[9],
              case .run(let inLab) = actions[10] else { Issue.record("\(actions[7...10])"); return }
        #expect(s.name == "s" && s.options == ProcessOptions(netns: "lab", uid: 65534, dropCapabilities: [5]))
        #expect(s.argv.map(\.description) == ["sleep", "30"])
        #expect(p.name == "p" && p.options == ProcessOptions(create: [.pid, .uts]))
        #expect(id.outcome == .exitStatus(0) && id.options == ProcessOptions(create: [.user], uid: 65534))
        #expect(id.argv.map(\.description) == ["id", "-u"])
        #expect(inLab.outcome == .exitStatus(0) && inLab.options == ProcessOptions(netns: "lab"))
        #expect(inLab.argv.count == 5)
    }

    @Test func userMessageOutcomeAndExec() throws {
        let actions = try actions()
        guard case .userMessage(let message) = actions[11], case .exec(let exec) = actions[12] else { Issue.record("\(actions[11...12])"); return }
        #expect(message.sender == "weak" && message.outcome == .errno("EPERM"))
        #expect(exec.agent == "boxed" && exec.outcome == .success)
        #expect(exec.argv.map(\.description) == ["sh", "-c", "exit 3"])
        #expect(actions[13] == .wait(WaitStatement(name: "boxed", outcome: .exitStatus(3))))
        #expect(actions[14] == .signal(SignalStatement(number: 15, target: "boxed", outcome: .errno("ESRCH"))))
        // A failed exec leaves the agent an agent: it still writes.
        guard case .exec(let failed) = actions[16], case .write(let write) = actions[17] else { Issue.record("\(actions[16...17])"); return }
        #expect(failed.agent == "weak" && failed.outcome == .errno("ENOENT"))
        #expect(write.writer == "weak" && write.offset == 0 && write.outcome == .success)
    }

    // MARK: mistakes

    func only(_ lines: String...) throws -> Diagnostic {
        try Sources.diagnostic((["scenario \"t\""] + lines).joined(separator: "\n") + "\n")
    }

    @Test func unknownKindsSuggestTheNearest() throws {
        let error = try only("agent a new user,utz")
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 18))
        #expect(error.message == "unknown namespace kind 'utz'")
        #expect(error.hint == "did you mean 'uts'?")
        let mount = try only("agent a", "unshare a mount")
        #expect(mount.location == SourceLocation(file: Sources.path, line: 3, column: 11))
        #expect(mount.hint == "did you mean 'mnt'?")
        let twice = try only("spawn s new pid,pid sleep 1")
        #expect(twice.location.column == 17)
        #expect(twice.message == "namespace kind 'pid' is named twice")
        let empty = try only("agent a new uts,")
        #expect(empty.location.column == 17)
        #expect(empty.message == "an empty namespace kind")
    }

    @Test func optionsOfAgentsAndCommands() throws {
        let contradiction = try only("netns lab", "agent a in lab new net")
        #expect(contradiction.location == SourceLocation(file: Sources.path, line: 3, column: 16))
        #expect(contradiction.message == "'in NETNS' and 'new net' contradict each other: a process is in one network namespace")
        let twice = try only("agent a as 1 as 2")
        #expect(twice.location.column == 14)
        #expect(twice.message == "'as' is written twice")
        let word = try only("agent a nwe uts")
        #expect(word.location.column == 9)
        #expect(word.message == "unknown word 'nwe' after 'agent a'")
        #expect(word.hint == "did you mean 'new'?")
        let uid = try only("run as root id")
        #expect(uid.location == SourceLocation(file: Sources.path, line: 2, column: 8))
        #expect(uid.message == "'as' takes a numeric uid")
        let capability = try only("spawn s without CAP_KILLL sleep 1")
        #expect(capability.location.column == 17)
        #expect(capability.hint == "did you mean 'CAP_KILL'?")
        let command = try only("spawn s new uts")
        #expect(command.location.column == 8)
        #expect(command.message == "'spawn s' needs a command to start")
    }

    @Test func onlyAgentsTakeATerminal() throws {
        let scenario = try Sources.scenario(Sources.titled("agent login with tty as 1000"))
        #expect(scenario.steps.map(\.action) == [.agent(AgentStatement(name: "login", options: ProcessOptions(uid: 1000, terminal: true)))])
        let spawn = try only("spawn s with tty sleep 1")
        #expect(spawn.location == SourceLocation(file: Sources.path, line: 2, column: 9))
        #expect(spawn.message == "only an agent takes 'with tty'")
        let value = try only("agent a with pty")
        #expect(value.location.column == 14)
        #expect(value.message == "'with' takes 'tty'")
    }

    @Test func unshareShapes() throws {
        let shape = try only("agent a", "unshare a uts ipc")
        #expect(shape.location == SourceLocation(file: Sources.path, line: 3, column: 15))
        #expect(shape.message == "'unshare' takes an agent and the namespace kinds it leaves")
        let kind = try only("spawn s sleep 9", "unshare s uts")
        #expect(kind.location.column == 9)
        #expect(kind.message == "'unshare' needs an agent, but 's' is a spawned process")
        let exit = try only("agent a", "unshare a uts => exit 0")
        #expect(exit.location.column == 1)
        #expect(exit.message == "'unshare' ends in ok or an errno name, not exit 0")
        let errno = try only("agent a", "unshare a user => EPREM")
        #expect(errno.location.column == 19)
        #expect(errno.hint == "did you mean 'EPERM'?")
    }

    @Test func setnsShapes() throws {
        let of = try only("agent a", "agent b", "setns a net from b")
        #expect(of.location == SourceLocation(file: Sources.path, line: 4, column: 13))
        #expect(of.message == "'setns' takes an agent, one namespace kind, 'of' and the process whose namespace it joins")
        let several = try only("agent a", "agent b", "setns a net,uts of b")
        #expect(several.location.column == 9)
        #expect(several.message == "'setns' joins one namespace at a time")
        let unbound = try only("agent a", "netns lab", "setns a net of lb")
        #expect(unbound.location == SourceLocation(file: Sources.path, line: 4, column: 16))
        #expect(unbound.message == "'lb' is not bound by an earlier 'agent'")
        #expect(unbound.hint == "did you mean 'lab'?")
        let spelling = try only("agent a", "agent b", "setns a net fo b")
        #expect(spelling.hint == "did you mean 'of'?")
    }

    @Test func execTurnsTheAgentIntoAProgram() throws {
        let write = try only("agent a", "exec a sleep 1", "write $tmp/x 1 by a")
        #expect(write.location == SourceLocation(file: Sources.path, line: 4, column: 19))
        #expect(write.message == "'write ... by' needs an agent, but 'a' is an agent that exec'd a program")
        let fork = try only("agent a", "exec a sleep 1", "fork k from a")
        #expect(fork.message == "'fork ... from' needs an agent, but 'a' is an agent that exec'd a program")
        let empty = try only("agent a", "exec a")
        #expect(empty.location.column == 7)
        #expect(empty.message == "'exec' takes an agent and the command it becomes")
        let notAgent = try only("spawn s sleep 9", "exec s true")
        #expect(notAgent.location.column == 6)
        #expect(notAgent.message == "'exec' needs an agent, but 's' is a spawned process")
        let waitAgent = try only("agent a", "wait a")
        #expect(waitAgent.message == "'wait' needs a spawned process or an agent that exec'd a program, but 'a' is an agent")
    }

    @Test func userMessageOutcomes() throws {
        let exit = try only("usermsg hi => exit 1")
        #expect(exit.location == SourceLocation(file: Sources.path, line: 2, column: 1))
        #expect(exit.message == "a user message ends in ok or an errno name, not exit 1")
        let errno = try only("usermsg hi => EPRM")
        #expect(errno.location.column == 15)
        #expect(errno.hint == "did you mean 'EPERM'?")
    }

    @Test func newKeywordsAreSuggested() throws {
        #expect(try only("unshar a uts").hint == "did you mean 'unshare'?")
        #expect(try only("setnss a net of b").hint == "did you mean 'setns'?")
        #expect(try only("exce a true").hint == "did you mean 'exec'?")
    }
}
