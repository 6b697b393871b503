import AuditRecords
import Testing

/// Replay reads only the fields its scenarios name; a record read so must say it, and must
/// read back in full exactly as if it had been read in full the first time.
@Suite struct FieldSelectionTests {
    static let lines = [
        "type=SYSCALL msg=audit(1700000000.123:42): arch=c000003e syscall=257 success=yes exit=3 comm=\"perl\" key=\"k\"",
        "type=USER msg=audit(1700000000.123:43): pid=1 uid=0 msg='text=hello exe=\"/usr/bin/logger\" res=success'",
        "node=box type=PATH msg=audit(1700000000.123:44): item=1 name=\"/tmp/x\" nametype=CREATE\u{1D}OUID=\"root\"",
        "type=PROCTITLE msg=audit(03/15/2019 14:16:13.369:244) : proctitle=perl -e sleep",
        "type=SYSCALL msg=audit(1700000000.123:45): bare word key=(null) tty=(none)",
    ]

    static func parser(_ selection: FieldSelection) -> RecordParser {
        RecordParser(selectsFields: { _ in selection })
    }

    @Test(arguments: lines)
    func selectedFieldsOnlyAndCompletedEqualsAFullReading(line: String) throws {
        let full = try RecordParser().parseLine(Array(line.utf8)).get()
        let partial = try Self.parser(.only(FieldNameSet(["key", "text", "nametype", "proctitle"]))).parseLine(Array(line.utf8)).get()
        #expect(partial.fieldsArePartial)
        #expect(!full.fieldsArePartial)
        let kept = Set(partial.fields.map(\.name))
        #expect(kept.isSubset(of: ["key", "text", "nametype", "proctitle"]))
        for name in kept { #expect(partial[field: name] == full[field: name]) }
        #expect(partial.text == full.text)
        #expect(partial.stamp == full.stamp)
        let completed = RecordParser().completed(partial)
        #expect(completed == full)
    }

    @Test func bytesThatAreNotUTF8ReadBackInFull() throws {
        let line = Array("type=PATH msg=audit(1700000000.123:42): name=\"a".utf8) + [0xFF, 0xC3] + Array("b\" item=0".utf8)
        let full = try RecordParser().parseLine(line).get()
        let partial = try Self.parser(.none).parseLine(line).get()
        #expect(partial.fields.isEmpty)
        #expect(partial.fieldsArePartial)
        let completed = RecordParser().completed(partial)
        #expect(completed == full)
        #expect(completed[field: "name"] == "a\\xFF\\xC3b")
    }

    @Test func aBrokenQuoteIsUnreadableWhateverTheSelection() throws {
        let line = Array("type=SYSCALL msg=audit(1700000000.123:42): comm=\"perl key=k".utf8)
        let failure = try #require(Self.parser(.only(FieldNameSet(["key"]))).parseLine(line).failure)
        #expect(failure.reason.contains("never closed"))
        let full = try #require(RecordParser().parseLine(line).failure)
        #expect(failure == full)
    }

    @Test func nameSetMatchesWholeNamesOnly() throws {
        let selected = try Self.parser(.only(FieldNameSet(["a1", "key"])))
            .parseLine(Array("type=SYSCALL msg=audit(1.0:1): a1=x a10=y a=z key=k keys=no".utf8)).get()
        #expect(selected.fields.map(\.name) == ["a1", "key"])
    }

    @Test func aRecordReadInFullIsReturnedAsItIs() throws {
        let full = try RecordParser().parseLine(Array(Self.lines[0].utf8)).get()
        #expect(RecordParser().completed(full) == full)
    }
}
