import ScenarioLanguage
import Testing

@Suite struct ScenarioParserValidTests {
    /// Every statement of the language once. Line numbers matter to the tests below.
    static let everything = #"""
    # a comment line, then a blank one

    scenario "everything at once"
    covers ghak90 b1 c13.7
    requires audit contid netfilter-audit
    timeout 500ms
    rule -a always,exit -F dir=$tmp -S openat,unlink -k $key -C uid!=euid
    rule -w $tmp -p wa -k $key
    netns lab
    spawn child in lab sleep 30
    rule -A exit,never -F pid=$child
    run in lab ping -c 1 127.0.0.1 => exit 1
    write /proc/$child/audit_containerid 123456 => EBUSY
    wait child => exit 0
    expect event
        type=SYSCALL msg=audit(1700000000.123:42): syscall=257 key=$key pid=$child !contid
        type=PATH name="$tmp/a b" mode~=0100.* nametype=* comm='my $prog' \
            item=1
    """#

    func parsed() throws -> Scenario { try Sources.scenario(Self.everything) }

    @Test func headerStatements() throws {
        let scenario = try parsed()
        #expect(scenario.path == Sources.path)
        #expect(scenario.title == "everything at once")
        #expect(scenario.covers == [SpecItem(spec: "ghak90", item: "b1"), SpecItem(spec: "ghak90", item: "c13.7")])
        #expect(scenario.requirements.map(\.feature) == [.audit, .contid, .netfilterAudit])
        #expect(scenario.requirements.map(\.location.column) == [10, 16, 23])
        #expect(scenario.timeout == 0.5)
    }

    @Test func defaultTimeoutAndSecondsSuffix() throws {
        #expect(try Sources.scenario(Sources.titled()).timeout == Scenario.defaultTimeout)
        #expect(try Sources.scenario(Sources.titled("timeout 2s")).timeout == 2)
    }

    @Test func stepsInOrderWithTheirLines() throws {
        let steps = try parsed().steps
        #expect(steps.map(\.location.line) == [7, 8, 9, 10, 11, 12, 13, 14])
        #expect(steps.allSatisfy { $0.location.column == 1 && $0.location.file == Sources.path })
    }

    @Test func ruleWithListFieldsSyscallsKeyAndComparison() throws {
        guard case .rule(let rule) = try parsed().steps[0].action else { Issue.record("not a rule"); return }
        #expect(rule.list == .exit)
        #expect(rule.action == .always)
        #expect(!rule.prepend)
        #expect(rule.fields.map(\.description) == ["dir=${tmp}"])
        #expect(rule.keys.map(\.description) == ["${key}"])
        #expect(rule.syscalls == ["openat", "unlink"])
        #expect(rule.comparisons.map(\.description) == ["uid!=euid"])
        #expect(rule.watch == nil)
    }

    @Test func watchRuleWithPermissions() throws {
        guard case .rule(let rule) = try parsed().steps[1].action else { Issue.record("not a rule"); return }
        #expect(rule.watch?.description == "${tmp}")
        #expect(rule.permissions == "wa")
        #expect(rule.fields.isEmpty && rule.keys.map(\.description) == ["${key}"])
    }

    @Test func prependedRuleWithListAfterAction() throws {
        guard case .rule(let rule) = try parsed().steps[4].action else { Issue.record("not a rule"); return }
        #expect(rule.prepend)
        #expect(rule.list == .exit)
        #expect(rule.action == .never)
        #expect(rule.fields.map(\.description) == ["pid=${child}"])
    }

    @Test func netnsSpawnRunWriteWait() throws {
        let actions = try parsed().steps.map(\.action)
        #expect(actions[2] == .netns(NetnsStatement(name: "lab")))
        guard case .spawn(let spawn) = actions[3], case .run(let run) = actions[5], case .write(let write) = actions[6] else {
            Issue.record("not spawn, run, write: \(actions)"); return
        }
        #expect(spawn.name == "child")
        #expect(spawn.options == ProcessOptions(netns: "lab"))
        #expect(spawn.argv.map(\.description) == ["sleep", "30"])
        #expect(run.options == ProcessOptions(netns: "lab"))
        #expect(run.argv.map(\.description) == ["ping", "-c", "1", "127.0.0.1"])
        #expect(run.outcome == .exitStatus(1))
        #expect(write.path.render(["child": "77"]) == "/proc/77/audit_containerid")
        #expect(write.value.description == "123456")
        #expect(write.writer == nil && write.offset == 0)
        #expect(write.outcome == .errno("EBUSY"))
        #expect(actions[7] == .wait(WaitStatement(name: "child", outcome: .exitStatus(0))))
    }

    @Test func defaultOutcomes() throws {
        let steps = try Sources.scenario(Sources.titled("spawn c sleep 1", "run true", "write $tmp/x 1", "write $tmp/y 1 => ok", "wait c")).steps
        guard case .run(let run) = steps[1].action, case .write(let write) = steps[2].action,
              case .write(let ok) = steps[3].action else { Issue.record("wrong steps"); return }
        #expect(run.outcome == .exitStatus(0))
        #expect(write.outcome == .success)
        #expect(ok.outcome == .success)
        #expect(steps[4].action == .wait(WaitStatement(name: "c", outcome: .exitStatus(0))))
    }

    @Test func boundNamesAreBuiltinsAndSpawnedNames() throws {
        #expect(try parsed().boundNames == ["tmp", "key", "mark", "lab", "child"])
    }

    @Test func expectedEventWithPastedStampAndAllMatchers() throws {
        let events = try parsed().expectations
        try #require(events.count == 1)
        #expect(events[0].location == SourceLocation(file: Sources.path, line: 15, column: 1))
        let records = events[0].records
        try #require(records.count == 2)
        #expect(records.map(\.type) == ["SYSCALL", "PATH"])
        #expect(records[0].location == SourceLocation(file: Sources.path, line: 16, column: 5))

        let syscall = records[0].fields
        #expect(syscall.map(\.name) == ["syscall", "key", "pid", "contid"])
        #expect(syscall[0].matcher == .equals(.literal("257")))
        #expect(syscall[0].location.column == 48)
        #expect(syscall[1].matcher.description == "${key}")
        #expect(syscall[2].matcher.description == "${child}")
        #expect(syscall[3].matcher == .absent)
    }

    @Test func quotedRegexPresentAndContinuedFields() throws {
        let path = try parsed().expectations[0].records[1].fields
        #expect(path.map(\.name) == ["name", "mode", "nametype", "comm", "item"])
        guard case .equals(let name) = path[0].matcher else { Issue.record("name is not equals"); return }
        #expect(name.render(["tmp": "/T"]) == "/T/a b")
        #expect(path[1].matcher == .regex("0100.*"))
        #expect(path[2].matcher == .present)
        #expect(path[3].matcher == .equals(.literal("my $prog")))
        #expect(path[4].matcher == .equals(.literal("1")))
        #expect(path[4].location == SourceLocation(file: Sources.path, line: 18, column: 9))
    }

    @Test func ausearchInterpretedStampIsIgnoredToo() throws {
        let scenario = try Sources.scenario(Sources.titled(
            "expect event",
            "    type=CONTAINER_OP msg=audit(2018-06-06 12:39:29.636:26949) : op=set contid=123456"))
        let fields = try #require(scenario.expectations.first?.records.first?.fields)
        #expect(fields.map(\.name) == ["op", "contid"])
    }

    @Test func blankLinesAndCommentsDoNotCloseAnExpectedEvent() throws {
        let scenario = try Sources.scenario(Sources.titled(
            "expect event", "    type=SYSCALL key=$key", "", "    # the path", "    type=PATH item=0"))
        #expect(scenario.expectations.first?.records.map(\.type) == ["SYSCALL", "PATH"])
    }

    @Test func eachExpectStartsANewEvent() throws {
        let scenario = try Sources.scenario(Sources.titled(
            "expect event", "    type=SYSCALL", "expect event", "    type=NETFILTER_PKT"))
        #expect(scenario.expectations.map { $0.records.map(\.type) } == [["SYSCALL"], ["NETFILTER_PKT"]])
    }

    @Test func shippedScenarioShapeParses() throws {
        let scenario = try Sources.scenario(Sources.file(
            "scenario \"contid\"",
            "covers ghak90 a3 b1",
            "requires audit contid",
            "spawn child sleep 30",
            "write /proc/$child/audit_containerid 123456 => ok",
            "expect event",
            "    type=CONTAINER_OP op=set opid=$child contid=123456 res=*"))
        #expect(scenario.steps.count == 2)
        #expect(scenario.expectations[0].records[0].fields.count == 4)
    }
}

@Suite struct ScenarioParserErrorTests {
    @Test func unknownStatementSuggestsTheNearestKeyword() throws {
        let error = try Sources.diagnostic(Sources.titled("rulle -a always,exit"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 1))
        #expect(error.message == "unknown statement 'rulle'")
        #expect(error.hint == "did you mean 'rule'?")
        #expect(error.lineText == "rulle -a always,exit")
    }

    @Test func unknownFeatureSuggestsTheNearestFeature() throws {
        let error = try Sources.diagnostic(Sources.titled("requires audit contd"))
        #expect(error.location.line == 2)
        #expect(error.location.column == 16)
        #expect(error.message.contains("'contd'"))
        #expect(error.hint == "did you mean 'contid'?")
    }

    @Test func unknownErrnoSuggestsTheNearestErrno() throws {
        let error = try Sources.diagnostic(Sources.titled("write $tmp/x 1 => EBUSYY"))
        #expect(error.location.line == 2)
        #expect(error.location.column == 19)
        #expect(error.message == "unknown errno 'EBUSYY'")
        #expect(error.hint == "did you mean 'EBUSY'?")
    }

    @Test func unboundVariableSuggestsTheNearestBoundName() throws {
        let error = try Sources.diagnostic(Sources.titled("spawn child sleep 30", "write /proc/$chlid/audit_containerid 1"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 3, column: 13))
        #expect(error.message == "'$chlid' is not bound here")
        #expect(error.hint == "did you mean '$child'?")
        #expect(error.lineText == "write /proc/$chlid/audit_containerid 1")
    }

    @Test func variableUsedBeforeItsSpawnIsUnbound() throws {
        let error = try Sources.diagnostic(Sources.titled("run kill $child", "spawn child sleep 30"))
        #expect(error.location.line == 2)
        #expect(error.location.column == 10)
        #expect(error.message.contains("$child"))
    }

    @Test func unboundVariableInExpectedRecordPointsAtTheDollar() throws {
        let error = try Sources.diagnostic(Sources.titled("expect event", "    type=SYSCALL pid=$nobody"))
        #expect(error.location.line == 3)
        #expect(error.location.column == 22)
        #expect(error.hint?.contains("spawn nobody") == true)
    }

    @Test func unboundVariableOnAContinuedLinePointsAtItsPhysicalPlace() throws {
        let error = try Sources.diagnostic(Sources.titled("rule -a always,exit \\", "    -F dir=$tmpp"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 3, column: 12))
        #expect(error.lineText == "    -F dir=$tmpp")
        #expect(error.hint == "did you mean '$tmp'?")
    }

    @Test func errorOnAContinuedLinePointsAtItsPhysicalPlace() throws {
        let error = try Sources.diagnostic(Sources.titled("requires audit \\", "  contd"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 3, column: 3))
        #expect(error.lineText == "  contd")
    }

    @Test func unboundNamespaceIsReported() throws {
        let error = try Sources.diagnostic(Sources.titled("run in nowhere true"))
        #expect(error.location.line == 2)
        #expect(error.message.contains("'nowhere'"))
    }

    @Test func missingTitleIsReportedAtTheStart() throws {
        let error = try Sources.diagnostic(Sources.file("requires audit"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 1, column: 1))
        #expect(error.message.contains("scenario \"TITLE\""))
        #expect(error.lineText == "requires audit")
    }

    @Test func secondTitleIsAnError() throws {
        let error = try Sources.diagnostic(Sources.titled("scenario \"again\""))
        #expect(error.location.line == 2)
        #expect(error.message.contains("second title"))
    }

    @Test func titleWithoutTextIsAnError() throws {
        let errors = try Sources.diagnostics(Sources.file("scenario"))
        #expect(errors.map(\.location.line) == [1, 1])
        #expect(errors.first?.location.column == 9)
        #expect(errors.first?.message.contains("one quoted title") == true)
    }

    @Test func unterminatedDoubleQuoteInStatement() throws {
        let error = try Sources.diagnostic(Sources.titled("spawn child echo \"abc"))
        #expect(error.location.line == 2)
        #expect(error.location.column == 18)
        #expect(error.message == "this \" quote is never closed")
    }

    @Test func unterminatedSingleQuoteInStatement() throws {
        let error = try Sources.diagnostic(Sources.titled("run echo 'abc"))
        #expect(error.location.column == 10)
        #expect(error.message == "this ' quote is never closed")
    }

    @Test func unterminatedQuoteInExpectedRecord() throws {
        let error = try Sources.diagnostic(Sources.titled("expect event", "    type=PATH item=0", "    type=SYSCALL comm=\"abc"))
        #expect(error.location.line == 4)
        #expect(error.location.column == 23)
        #expect(error.message.contains("never closed"))
    }

    @Test func indentedLineOutsideExpectIsAnError() throws {
        let error = try Sources.diagnostic(Sources.titled("  requires audit"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 3))
        #expect(error.message.contains("indented"))
        #expect(error.hint == "start statements at the left margin")
    }

    @Test func expectEventWithoutRecordsIsAnError() throws {
        let atEnd = try Sources.diagnostic(Sources.titled("expect event"))
        #expect(atEnd.location == SourceLocation(file: Sources.path, line: 2, column: 1))
        #expect(atEnd.message.contains("at least one record"))
        let beforeStatement = try Sources.diagnostic(Sources.titled("expect event", "run true"))
        #expect(beforeStatement.location.line == 2)
    }

    @Test func expectWithoutEventKeywordIsAnError() throws {
        let error = try Sources.diagnostic(Sources.titled("expect record"))
        #expect(error.location.column == 8)
    }

    @Test func recordLineMustStartWithType() throws {
        let error = try Sources.diagnostic(Sources.titled("expect event", "    type=PATH item=0", "    key=$key"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 4, column: 5))
        #expect(error.message.contains("type=NAME"))
    }

    @Test func bareWordInRecordIsAnError() throws {
        let error = try Sources.diagnostic(Sources.titled("expect event", "    type=SYSCALL key"))
        #expect(error.location.column == 18)
        #expect(error.message.contains("'key'"))
    }

    @Test func invalidRegexIsAnErrorAtThePattern() throws {
        let error = try Sources.diagnostic(Sources.titled("expect event", "    type=SYSCALL comm~=(unclosed"))
        #expect(error.location.column == 24)
        #expect(error.message.contains("regular expression"))
    }

    @Test func badRuleOptionsAreErrors() throws {
        let errors = try Sources.diagnostics(Sources.titled("rule -a always,nowhere -x", "rule -F uid=0", "rule -w /x -p q"))
        #expect(errors.map(\.location.line) == [2, 2, 3, 4])
        #expect(errors.map(\.location.column) == [9, 24, 1, 15])
        #expect(errors[0].message.contains("LIST,ACTION"))
        #expect(errors[1].message.contains("'-x'"))
    }

    @Test func badOutcomesAreErrors() throws {
        let errors = try Sources.diagnostics(Sources.titled("run true => exit 300", "run true => EBUSY", "wait => exit 0"))
        #expect(errors.map(\.location.line) == [2, 3, 4])
        #expect(errors.map(\.location.column) == [18, 13, 1])
    }

    @Test func badTimeoutIsAnError() throws {
        let error = try Sources.diagnostic(Sources.titled("timeout soon"))
        #expect(error.location.column == 9)
    }

    @Test func builtinNameCannotBeBound() throws {
        let error = try Sources.diagnostic(Sources.titled("spawn tmp sleep 1"))
        #expect(error.location.column == 7)
        #expect(error.message.contains("given by the runner"))
    }

    @Test func everyErrorOfAFileIsReported() throws {
        let errors = try Sources.diagnostics(Sources.file(
            "requires audti",
            "rulle -a always,exit",
            "  indented",
            "spawn child sleep $secs",
            "expect event"))
        #expect(errors.count == 6)
        #expect(Set(errors.map(\.location.line)) == [1, 2, 3, 4, 5])
        #expect(errors.contains { $0.message.contains("unknown feature 'audti'") && $0.hint == "did you mean 'audit'?" })
        #expect(errors.contains { $0.message.contains("'$secs'") && $0.location.column == 19 })
        #expect(errors.contains { $0.message.contains("must name itself") })
    }

    @Test func diagnosticsCarryTheFileTheyCameFrom() throws {
        guard case .failure(let list) = ScenarioParser().parse(source: "bogus\n", path: "dir/x.scenario") else {
            Issue.record("parsed"); return
        }
        #expect(list.diagnostics.allSatisfy { $0.location.file == "dir/x.scenario" })
        #expect(list.description.hasPrefix("dir/x.scenario:1:1: error: unknown statement 'bogus'"))
    }

    @Test func unreadableFileIsOneDiagnostic() throws {
        guard case .failure(let list) = ScenarioParser().parse(fileAt: "/nonexistent/auditspec/x.scenario") else {
            Issue.record("parsed"); return
        }
        #expect(list.diagnostics.count == 1)
        #expect(list.diagnostics[0].location.line == 1)
    }
}
