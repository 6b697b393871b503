import AuditRecords
import Matching
@testable import RecordDrafts
import ScenarioLanguage
import Testing

/// Each value is written so that the parser reads back exactly that value.
struct DraftValueTests {
    /// (the value, with `$v` standing for a variable named v, whose value is "V") and what it reads back as.
    static let cases: [(parts: [Template.Part], readsAs: String)] = [
        ([.literal("plain")], "plain"),
        ([.literal("two words")], "two words"),
        ([.literal("say \"hi\"")], "say \"hi\""),
        ([.literal("it's")], "it's"),
        ([.literal("it's a")], "it's a"),
        ([.literal("costs $5")], "costs $5"),
        ([.literal("*")], "*"),
        ([.literal("")], ""),
        ([.literal("open(")], "open("),
        ([.literal("f(x)")], "f(x)"),
        ([.variable("v", column: 0), .literal("x")], "Vx"),
        ([.variable("v", column: 0), .literal(".tid")], "V.tid"),
        ([.variable("v", column: 0), .literal("/a b")], "V/a b"),
        ([.literal("/proc/"), .variable("v.tid", column: 0), .literal("/x")], "/proc/VT/x"),
    ]

    @Test(arguments: cases.indices)
    func aWrittenValueReadsBackAsItself(_ index: Int) throws {
        let (parts, readsAs) = Self.cases[index]
        let written = try #require(DraftValue.write(name: "f", parts: parts, lastOnLine: false))
        let source = "scenario \"t\"\nrequires audit\nagent v\nthread v\nexpect event\n    type=SYSCALL \(written) key=k\n"
        let scenario = try ScenarioParser().parse(source: source, path: "t.scenario").get()
        let field = try #require(scenario.expectations.first?.records.first?.fields.first)
        #expect(field.name == "f")
        switch field.matcher {
        case .equals(let template): #expect(template.render(["v": "V", "v.tid": "VT"]) == readsAs, "written as \(written)")
        default: Issue.record("\(written) read back as \(field.matcher)")
        }
    }

    /// A title with both quote marks and a variable has no quoting but the end of its line.
    @Test func aProgramTitleRunsToTheEndOfItsLine() {
        let parts: [Template.Part] = [.literal("sh -c 'echo \"x\"' "), .variable("tmp", column: 0)]
        #expect(DraftValue.write(name: "proctitle", parts: parts, lastOnLine: true) == "proctitle=sh -c 'echo \"x\"' $tmp")
        #expect(DraftValue.write(name: "other", parts: parts, lastOnLine: true) == nil)
        #expect(DraftValue.write(name: "other", parts: [.literal("it's \"it\"")], lastOnLine: false) == nil)
    }

    @Test(arguments: [("ffffff9c", false), ("7ffc2d1e3f40", true), ("55d0c2a1b2c0", true), ("80241", false), ("1b6", false),
                      ("ffffffffffffff9c", false), ("0", false)])
    func addressesAreToldFromFlagsAndDescriptors(_ value: String, _ isAddress: Bool) {
        #expect(DraftFields.looksLikeAddress(value) == isAddress)
    }

    @Test func aPidIsPutBackOnlyWhereItStandsAlone() {
        let variables = DraftVariables(scenario: try! ScenarioParser().parse(source: "scenario \"t\"\nspawn child sleep 1\n", path: "t").get(),
                                       bindings: RunBindings(variables: ["child": "4321", "tmp": "/tmp/auditspec.Xy", "key": "auditspec-1-1",
                                                                         "mark": "0x5"], runnerPID: 1))
        func written(_ text: String) -> String { DraftValue.template(variables.template(for: text)) }
        #expect(written("/proc/4321/audit_containerid") == "/proc/$child/audit_containerid")
        #expect(written("kill -TERM 4321") == "kill -TERM $child")
        #expect(written("43210 14321") == "43210 14321")
        #expect(written("/tmp/auditspec.Xy/a auditspec-1-1") == "$tmp/a $key")
        #expect(written("/tmp/auditspec.Xyz") == "${tmp}z")
        #expect(written("--set-mark 0x5 0x55") == "--set-mark $mark 0x55")
        #expect(variables.name(forValue: "4321", field: "opid") == "child")
        #expect(variables.name(forValue: "4321", field: "items") == nil)
    }
}
