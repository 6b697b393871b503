import ScenarioLanguage
import Testing

/// The statements that command processes (agent, fork, thread, signal, ptrace, usermsg) and
/// the writer and offset of `write`: what each reads into, and each mistake at its line:column.
@Suite struct ProcessStatementValidTests {
    static let source = Sources.titled(
        "netns lab",                                                     // 2
        "agent target",                                                  // 3
        "agent weak in lab as 65534 without CAP_AUDIT_CONTROL CAP_SYS_PTRACE", // 4
        "fork kid from target",                                          // 5
        "thread kid",                                                    // 6
        "signal TERM to kid from target => ok",                          // 7
        "signal SIGUSR1 to target",                                      // 8
        "signal 0 to kid from weak => EPERM",                            // 9
        "ptrace kid from target",                                        // 10
        "ptrace target from weak => EPERM",                              // 11
        "usermsg \"text=hello $key\" from kid",                          // 12
        "usermsg plain",                                                 // 13
        "write /proc/$kid/audit_containerid 5 by target at 1 => offset-not-zero", // 14
        "write /proc/$kid/audit_containerid 5 at 2 by weak",             // 15
        "write /proc/$kid/audit_containerid by",                         // 16
        "spawn sleeper sleep 30",                                        // 17
        "signal KILL to sleeper"                                         // 18
    )

    func actions() throws -> [Action] { try Sources.scenario(Self.source).steps.map(\.action) }

    @Test func agentsWithNamespaceUserAndDroppedCapabilities() throws {
        let actions = try actions()
        #expect(actions[1] == .agent(AgentStatement(name: "target")))
        #expect(actions[2] == .agent(AgentStatement(name: "weak", options: ProcessOptions(netns: "lab", uid: 65534, dropCapabilities: [30, 19]))))
    }

    @Test func forkAndThreadNameAnAgent() throws {
        let actions = try actions()
        #expect(actions[3] == .fork(ForkStatement(child: "kid", parent: "target")))
        #expect(actions[4] == .thread(ThreadStatement(agent: "kid")))
    }

    @Test func signalsByNameNumberAndSender() throws {
        let actions = try actions()
        #expect(actions[5] == .signal(SignalStatement(number: 15, target: "kid", sender: "target", outcome: .success)))
        #expect(actions[6] == .signal(SignalStatement(number: 10, target: "target", sender: nil, outcome: .success)))
        #expect(actions[7] == .signal(SignalStatement(number: 0, target: "kid", sender: "weak", outcome: .errno("EPERM"))))
        #expect(actions[16] == .signal(SignalStatement(number: 9, target: "sleeper", sender: nil, outcome: .success)))
    }

    @Test func ptraceWithItsTracer() throws {
        let actions = try actions()
        #expect(actions[8] == .ptrace(PtraceStatement(target: "kid", tracer: "target", outcome: .success)))
        #expect(actions[9] == .ptrace(PtraceStatement(target: "target", tracer: "weak", outcome: .errno("EPERM"))))
    }

    @Test func userMessagesWithAndWithoutSender() throws {
        let actions = try actions()
        guard case .userMessage(let hello) = actions[10], case .userMessage(let plain) = actions[11] else { Issue.record("not usermsg"); return }
        #expect(hello.text.render(["key": "k1"]) == "text=hello k1")
        #expect(hello.sender == "kid" && hello.outcome == .success)
        #expect(plain.text.description == "plain" && plain.sender == nil && plain.outcome == .success)
    }

    @Test func writesByAnAgentAtAnOffsetInEitherOrder() throws {
        let actions = try actions()
        guard case .write(let first) = actions[12], case .write(let second) = actions[13], case .write(let third) = actions[14] else {
            Issue.record("not writes: \(actions[12...14])"); return
        }
        #expect(first.path.render(["kid": "9"]) == "/proc/9/audit_containerid")
        #expect(first.value.description == "5")
        #expect(first.writer == "target")
        #expect(first.offset == 1)
        #expect(first.outcome == .refusal("offset-not-zero"))
        #expect(second.writer == "weak" && second.offset == 2 && second.outcome == .success)
        // The value is always the second word: a value spelt "by" is written, not read as 'by'.
        #expect(third.value.description == "by" && third.writer == nil && third.offset == 0 && third.outcome == .success)
    }

    @Test func agentsAndForksBindTheirNames() throws {
        let scenario = try Sources.scenario(Self.source)
        #expect(scenario.boundNames == ["tmp", "key", "mark", "lab", "target", "weak", "kid", "sleeper"])
        #expect(scenario.steps.map(\.location.line) == Array(2...18))
        #expect(!scenario.changesGlobalState)
    }

    @Test func excludeAndNeverRulesMarkTheScenarioGlobal() throws {
        #expect(try Sources.scenario(Sources.titled("rule -a always,exclude -F msgtype=USER")).changesGlobalState)
        #expect(try Sources.scenario(Sources.titled("rule -a never,exit -F pid=1")).changesGlobalState)
        #expect(try !Sources.scenario(Sources.titled("rule -a always,exit -S kill -k $key")).changesGlobalState)
    }
}

@Suite struct ProcessStatementErrorTests {
    func only(_ lines: String...) throws -> Diagnostic {
        try Sources.diagnostic((["scenario \"t\""] + lines).joined(separator: "\n") + "\n")
    }

    @Test func misspeltStatementsSuggestTheNewKeywords() throws {
        let error = try only("agnet a")
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 1))
        #expect(error.hint == "did you mean 'agent'?")
        #expect(try only("usermgs hi").hint == "did you mean 'usermsg'?")
        #expect(try only("singal TERM to x").hint == "did you mean 'signal'?")
    }

    @Test func agentWithoutNameOrWithUnknownWords() throws {
        let bare = try only("agent")
        #expect(bare.location.column == 1)
        #expect(bare.message == "'agent' takes a name")
        let word = try only("agent a witout CAP_KILL")
        #expect(word.location == SourceLocation(file: Sources.path, line: 2, column: 9))
        #expect(word.message == "unknown word 'witout' after 'agent a'")
        #expect(word.hint == "did you mean 'without'?")
        let uid = try only("agent a as nobody")
        #expect(uid.location.column == 12)
        #expect(uid.message == "'as' takes a numeric uid")
    }

    @Test func unknownCapabilitySuggestsTheNearest() throws {
        let error = try only("agent a without CAP_AUDIT_CONTRL")
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 17))
        #expect(error.message == "unknown capability 'CAP_AUDIT_CONTRL'")
        #expect(error.hint == "did you mean 'CAP_AUDIT_CONTROL'?")
    }

    @Test func agentInAnUnboundNamespace() throws {
        let error = try only("netns lab", "agent a in lba")
        #expect(error.location == SourceLocation(file: Sources.path, line: 3, column: 12))
        #expect(error.message == "'lba' is not bound by an earlier 'netns'")
        #expect(error.hint == "did you mean 'lab'?")
    }

    @Test func forkFromAnUnboundOrNonAgentParent() throws {
        let unbound = try only("agent parent", "fork kid from parnet")
        #expect(unbound.location == SourceLocation(file: Sources.path, line: 3, column: 15))
        #expect(unbound.message == "'parnet' is not bound by an earlier 'agent'")
        #expect(unbound.hint == "did you mean 'parent'?")
        let spawned = try only("spawn s sleep 30", "fork kid from s")
        #expect(spawned.location == SourceLocation(file: Sources.path, line: 3, column: 15))
        #expect(spawned.message == "'fork ... from' needs an agent, but 's' is a spawned process")
        #expect(spawned.hint == "start it with 'agent s' (or 'fork s from PARENT') to command it")
        let shape = try only("agent p", "fork kid of p")
        #expect(shape.location == SourceLocation(file: Sources.path, line: 3, column: 10))
        #expect(shape.message == "'fork' takes a new name and the agent it forks from")
    }

    @Test func aForkedNameIsBoundOnlyAfterItsFork() throws {
        let error = try only("agent p", "thread kid", "fork kid from p")
        #expect(error.location == SourceLocation(file: Sources.path, line: 3, column: 8))
        #expect(error.message == "'kid' is not bound by an earlier 'agent'")
    }

    @Test func threadNeedsAnAgent() throws {
        let error = try only("netns lab", "thread lab")
        #expect(error.location == SourceLocation(file: Sources.path, line: 3, column: 8))
        #expect(error.message == "'thread' needs an agent, but 'lab' is a network namespace")
        #expect(try only("thread").message == "'thread' takes the name of an agent")
    }

    @Test func unknownSignalSuggestsTheNearest() throws {
        let error = try only("agent a", "signal TRM to a")
        #expect(error.location == SourceLocation(file: Sources.path, line: 3, column: 8))
        #expect(error.message == "unknown signal 'TRM'")
        #expect(error.hint == "did you mean 'TERM'?")
        let number = try only("agent a", "signal 65 to a")
        #expect(number.message == "unknown signal '65'")
    }

    @Test func signalShapeAndSender() throws {
        let to = try only("agent a", "signal TERM at a")
        #expect(to.location == SourceLocation(file: Sources.path, line: 3, column: 13))
        #expect(to.message == "expected 'to' before the target")
        let from = try only("agent a", "signal TERM to a form a")
        #expect(from.location == SourceLocation(file: Sources.path, line: 3, column: 18))
        #expect(from.hint == "did you mean 'from'?")
        let sender = try only("agent a", "spawn s sleep 9", "signal TERM to a from s")
        #expect(sender.location == SourceLocation(file: Sources.path, line: 4, column: 23))
        #expect(sender.message == "'signal ... from' needs an agent, but 's' is a spawned process")
        let target = try only("signal TERM to ghost")
        #expect(target.location == SourceLocation(file: Sources.path, line: 2, column: 16))
        #expect(target.message == "'ghost' is not bound by an earlier 'agent'")
        let exit = try only("agent a", "signal TERM to a => exit 1")
        #expect(exit.location == SourceLocation(file: Sources.path, line: 3, column: 1))
        #expect(exit.message == "a signal ends in ok or an errno, not exit 1")
    }

    @Test func ptraceShapeAndKinds() throws {
        let shape = try only("agent a", "ptrace a by a")
        #expect(shape.location == SourceLocation(file: Sources.path, line: 3, column: 10))
        #expect(shape.message == "'ptrace' takes a target and 'from' the agent that traces it")
        let tracer = try only("spawn s sleep 9", "ptrace s from s")
        #expect(tracer.location == SourceLocation(file: Sources.path, line: 3, column: 15))
        #expect(tracer.message == "'ptrace ... from' needs an agent, but 's' is a spawned process")
        let errno = try only("agent a", "ptrace a from a => EPREM")
        #expect(errno.location == SourceLocation(file: Sources.path, line: 3, column: 20))
        #expect(errno.hint == "did you mean 'EPERM'?")
    }

    @Test func userMessageShapeSenderAndVariables() throws {
        let extra = try only("usermsg hello world")
        #expect(extra.location == SourceLocation(file: Sources.path, line: 2, column: 15))
        #expect(extra.message == "'usermsg' takes one text (quote it) and optionally 'from NAME'")
        let from = try only("agent a", "usermsg hi frm a")
        #expect(from.location == SourceLocation(file: Sources.path, line: 3, column: 12))
        #expect(from.hint == "did you mean 'from'?")
        let variable = try only("usermsg \"text=$kye\"")
        #expect(variable.location == SourceLocation(file: Sources.path, line: 2, column: 15))
        #expect(variable.hint == "did you mean '$key'?")
    }

    @Test func writeByANonAgentOrUnboundWriter() throws {
        let spawned = try only("spawn s sleep 9", "write /proc/$s/audit_containerid 1 by s")
        #expect(spawned.location == SourceLocation(file: Sources.path, line: 3, column: 39))
        #expect(spawned.message == "'write ... by' needs an agent, but 's' is a spawned process")
        let unbound = try only("agent writer", "write $tmp/x 1 by wrter => EPERM")
        #expect(unbound.location == SourceLocation(file: Sources.path, line: 3, column: 19))
        #expect(unbound.message == "'wrter' is not bound by an earlier 'agent'")
        #expect(unbound.hint == "did you mean 'writer'?")
    }

    @Test func writeOffsetMustBeANumber() throws {
        let error = try only("write $tmp/x 1 at one")
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 19))
        #expect(error.message == "'at' takes a byte offset, a number from 0")
    }

    @Test func writeWithAMisspeltOption() throws {
        let error = try only("agent a", "write $tmp/x 1 bye a")
        #expect(error.location == SourceLocation(file: Sources.path, line: 3, column: 16))
        #expect(error.message == "'write' takes a file and one value")
        #expect(error.hint == "did you mean 'by'?")
    }

    @Test func waitForAnAgentIsRefused() throws {
        let error = try only("agent a", "wait a")
        #expect(error.location == SourceLocation(file: Sources.path, line: 3, column: 6))
        #expect(error.message == "'wait' needs a spawned process or an agent that exec'd a program, but 'a' is an agent")
    }
}
