import Profiles
import ScenarioLanguage
import Testing

/// `[ghak90 >= v10]` before a step, an `expect` line, a record, or a line of fields under a
/// record: that part applies only under a profile in the range (issue 13 item 2).
struct RevisionConditionTests {
    static let v5 = try! ProfileSet.resolve(["ghak90-v5"])
    static let v8 = try! ProfileSet.resolve(["ghak90-v8"])
    static let v11 = try! ProfileSet.resolve(["ghak90-v11"])

    /// The range each written form stands for, tried on revisions 4 to 12.
    @Test(arguments: [("ghak90 >= v10", Array(10...12)), ("ghak90 > v7", Array(8...12)), ("ghak90 <= v9", Array(4...9)),
                      ("ghak90 < v8", Array(4...7)), ("ghak90 = v11", [11]), ("ghak90 v7..v8", [7, 8]),
                      ("ghak90>=V10", Array(10...12)), ("ghak90 7..8", [7, 8]), ("ghak90 == 5", [5])])
    func eachFormStandsForItsRevisions(written: String, revisions: [Int]) throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled("spawn a sleep 1", "[\(written)] signal TERM to a"))
        let condition = try #require(scenario.steps.last?.condition)
        #expect((4...12).filter(condition.holds(forRevision:)) == revisions)
        #expect(condition.patchset == "ghak90")
    }

    static let event = ScenarioText.titled(
        "spawn child sleep 30",
        "[ghak90 >= v8] write /proc/$child/audit_containerid 5",
        "expect event",
        "    [ghak90 >= v10] type=CONTAINER_ID record=$n contid=5",
        "    type=SYSCALL key=$key",
        "    [ghak90 >= v10] record=$n",
        "    [ghak90 <= v9] type=CONTAINER_ID contid=5 !record",
        "[ghak90 <= v7] expect event",
        "    type=CONTAINER_OP opid=$child",
        "    [ghak90 <= v7] res=yes")

    @Test func eachPartIsKeptOnlyUnderItsRevisions() throws {
        let written = try ScenarioText.scenario(Self.event)
        #expect(written.revisionConditions.count == 6)

        let v11 = written.resolved(under: Self.v11)
        #expect(v11.steps.count == 2)
        #expect(v11.expectations.count == 1)
        #expect(v11.expectations[0].records.map(\.type) == ["CONTAINER_ID", "SYSCALL"])
        #expect(v11.expectations[0].records[1].fields.map(\.name) == ["key", "record"])
        #expect(v11.revisionConditions.isEmpty, "nothing conditional is left")
        #expect(v11.undecidedRevisions == nil)

        let v5 = written.resolved(under: Self.v5)
        #expect(v5.steps.count == 1, "the write applies from v8")
        #expect(v5.expectations.map { $0.records.map(\.type) } == [["SYSCALL", "CONTAINER_ID"], ["CONTAINER_OP"]])
        #expect(v5.expectations[0].records[1].fields.map(\.name) == ["contid", "record"])
        #expect(v5.expectations[1].records[0].fields.map(\.name) == ["opid", "res"])

        let v8 = written.resolved(under: Self.v8)
        #expect(v8.steps.count == 2)
        #expect(v8.expectations.count == 1)
        #expect(v8.resolved(under: Self.v5) == v8, "resolving twice changes nothing")
    }

    /// A pasted ausearch block is read bottom up: a line of fields still belongs to the record
    /// written above it.
    @Test func fieldsJoinTheRecordAboveThemInAPastedBlock() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled(
            "expect event from ausearch",
            "    type=PATH item=1",
            "    type=SYSCALL key=x",
            "    [ghak90 >= v10] record=$n",
            "    [ghak90 >= v10] type=CONTAINER_ID record=$n"))
        let v11 = scenario.resolved(under: Self.v11)
        #expect(v11.expectations[0].records.map(\.type) == ["CONTAINER_ID", "SYSCALL", "PATH"])
        #expect(v11.expectations[0].records[1].fields.map(\.name) == ["key", "record"])
    }

    @Test func withoutAProfileForThePatchsetTheScenarioIsUndecided() throws {
        let nsinfo = try ProfileSet.resolve(["nsinfo-v6"])
        let resolved = try ScenarioText.scenario(Self.event).resolved(under: nsinfo)
        #expect(resolved.undecidedRevisions?.contains("no profile for that patchset is in force (--profile ghak90-vN)") == true)
    }

    @Test(arguments: [
        ("[ghak90 >= v10 write /proc/$child/audit_containerid 5", 3, 1, "a revision condition ends with ']'"),
        ("[ghak90 ~ v10] write /proc/$child/audit_containerid 5", 3, 9, "a comparison and a revision, as in " + RevisionCondition.usage),
        ("[ghak90 >= ten] write /proc/$child/audit_containerid 5", 3, 12, "'>=' is followed by a revision such as v10"),
        ("[ghak90 v9..v7] write /proc/$child/audit_containerid 5", 3, 9, "a range goes from the lower revision to the higher"),
        ("[>= v10] write /proc/$child/audit_containerid 5", 3, 2, "a revision condition starts with a patchset's name"),
        ("[ghak90 >= v10 x] write /proc/$child/audit_containerid 5", 3, 16, "unexpected 'x' in a revision condition"),
        ("[ghak90 >= v10] covers ghak90 b1", 3, 17, "a revision condition applies to steps, 'expect' lines and records, not to 'covers'"),
        ("[ghak90 >= v10] spawn other sleep 1", 3, 17,
         "a step under a revision condition cannot bind a name: '$other' would be unbound in other revisions"),
    ])
    func aWrongConditionIsAnErrorAtItsPlace(line: String, row: Int, column: Int, message: String) throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("spawn child sleep 30", line))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: row, column: column))
        #expect(error.message == message)
    }

    @Test func fieldsUnderAConditionNeedARecordAbove() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("expect event", "    [ghak90 >= v10] record=5", "    type=SYSCALL record=5"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 3, column: 21))
        #expect(error.message == "a line of fields under a revision condition adds them to the record above it, and there is none")
    }

    @Test func aLineOfFieldsWithoutAConditionIsStillNotARecord() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("expect event", "    type=SYSCALL key=x", "    record=5"))
        #expect(error.message == "a record starts with type=NAME")
    }
}
