import AuditRecords
import Matching
import ScenarioLanguage
import Testing

@Suite struct FieldComparisonTests {
    func matches(_ matcher: FieldMatcher, _ actual: String?, field: String = "key", _ variables: [String: String] = [:],
                 type: String = "SYSCALL", form: RecordForm = .raw, context: [RecordField] = []) -> Bool {
        var bindings = variables
        return FieldComparison.matches(matcher, field: field, in: record(field, actual, type: type, form: form, context: context),
                                       bindings: &bindings)
    }

    func record(_ field: String, _ value: String?, type: String = "SYSCALL", form: RecordForm = .raw,
                context: [RecordField] = []) -> AuditRecord {
        AuditRecord(type: type, stamp: RecordStamp(time: "1700000000.123", serial: 1),
                    fields: context + (value.map { [RecordField(name: field, value: $0)] } ?? []), text: "", form: form)
    }

    @Test func equalsComparesTheRenderedTemplate() {
        let pid = FieldMatcher.equals(Template.parse("$child", column: 1))
        #expect(matches(pid, "123", field: "pid", ["child": "123"]))
        #expect(!matches(pid, "124", field: "pid", ["child": "123"]))
        #expect(!matches(pid, nil, field: "pid", ["child": "123"]))
        #expect(matches(.equals(.literal("")), ""))
    }

    @Test func anUnboundVariableCapturesWhatStandsInItsPlace() {
        var bindings: [String: String] = [:]
        let name = FieldMatcher.equals(Template.parse("$tmp/created", column: 1))
        #expect(FieldComparison.matches(name, field: "name", in: record("name", "/tmp/x/created"), bindings: &bindings))
        #expect(bindings["tmp"] == "/tmp/x")
        #expect(!FieldComparison.matches(name, field: "name", in: record("name", "/tmp/y/created"), bindings: &bindings),
                "once captured, the value holds")
        #expect(!matches(.equals(Template.parse("$tmp/created", column: 1)), "/elsewhere", field: "name"))
    }

    @Test func rawAndInterpretedSpellingsMatchEachOtherThroughAuparse() {
        let x86 = [RecordField(name: "arch", value: "c000003e")]
        #expect(matches(.equals(.literal("openat")), "257", field: "syscall", context: x86))
        #expect(matches(.equals(.literal("root")), "0", field: "uid"))
        #expect(!matches(.equals(.literal("daemon")), "0", field: "uid"))
        let interpretedX86 = [RecordField(name: "arch", value: "x86_64")]
        #expect(matches(.equals(.literal("257")), "openat", field: "syscall", form: .interpreted, context: interpretedX86))
        #expect(!matches(.equals(.literal("59")), "openat", field: "syscall", form: .interpreted, context: interpretedX86))
    }

    @Test func unsetMatchesEveryRawSpellingOfAnUnsetIdentifier() {
        for raw in ["-1", "4294967295", "18446744073709551615"] {
            #expect(matches(.equals(.literal("unset")), raw, field: "old-contid", type: "CONTAINER_OP"))
        }
        #expect(matches(.equals(.literal("18446744073709551615")), "-1", field: "old-contid", type: "CONTAINER_OP"))
        #expect(!matches(.equals(.literal("unset")), "0", field: "old-contid", type: "CONTAINER_OP"))
    }

    @Test func commaListsAreSetsButNestedChainsKeepTheirOrder() {
        #expect(matches(.equals(.literal("123451,123452")), "123452,123451", field: "contid", type: "CONTAINER_ID"))
        #expect(!matches(.equals(.literal("123451,123453")), "123452,123451", field: "contid", type: "CONTAINER_ID"))
        #expect(matches(.equals(.literal("4,^2,^1")), "4,^2,^1", field: "contid", type: "CONTAINER_ID"))
        #expect(!matches(.equals(.literal("4,^1,^2")), "4,^2,^1", field: "contid", type: "CONTAINER_ID"))
    }

    @Test func presentAndAbsent() {
        #expect(matches(.present, ""))
        #expect(!matches(.present, nil))
        #expect(matches(.absent, nil))
        #expect(!matches(.absent, "x"))
    }

    @Test func regexMustMatchTheWholeValue() {
        #expect(matches(.regex("04.*"), "040755", field: "mode"))
        #expect(!matches(.regex("4"), "040", field: "mode"))
        #expect(!matches(.regex("04.*"), nil, field: "mode"))
        #expect(!matches(.regex("(unclosed"), "(unclosed"))
    }

    @Test func hexEncodedValueMatchesItsDecodedText() {
        #expect(matches(.equals(.literal("perl -e")), "7065726C202D65", field: "proctitle"))
        #expect(matches(.equals(.literal("7065726C202D65")), "7065726C202D65", field: "proctitle"))
        #expect(!matches(.equals(.literal("perl -x")), "7065726C202D65", field: "proctitle"))
        #expect(matches(.equals(.literal("/tmp/a b")), "2F746D702F612062", field: "name"))
        #expect(matches(.equals(.literal("-e")), "2D65", field: "a1", type: "EXECVE"))
    }

    @Test func proctitleNulSeparatorsDecodeAsSpaces() {
        #expect(matches(.equals(.literal("perl -e")), "7065726C002D65", field: "proctitle"))
    }

    @Test func numbersInOtherFieldsAreNotReadAsHex() {
        #expect(!matches(.equals(.literal("A")), "41", field: "exit"))
        #expect(!matches(.equals(.literal("\u{10}\u{0}")), "1000", field: "uid"))
    }

    @Test func fieldsTheKernelMayHexEncode() {
        for field in ["proctitle", "name", "cwd", "comm", "exe", "key", "a0", "a1[2]"] {
            #expect(HexText.mayEncode(field, type: "EXECVE"), "\(field)")
        }
        for field in ["pid", "uid", "arch", "a0_len", "mode", "contid"] {
            #expect(!HexText.mayEncode(field, type: "EXECVE"), "\(field)")
        }
        #expect(!HexText.mayEncode("a1", type: "SYSCALL"), "a number in hex, not encoded text")
    }

    @Test func hexDecodingNeedsUppercaseEvenLengthHex() {
        #expect(HexText.decode("414") == nil)
        #expect(HexText.decode("6a") == nil)
        #expect(HexText.decode("4G") == nil)
        #expect(HexText.decode("4142") == "AB")
        #expect(HexText.decode("FF41") == "\\xFFA")
    }

    @Test func orderingsCompareNumbers() {
        let atLeast3 = FieldMatcher.relation(.greaterOrEqual, .literal("3"))
        #expect(matches(atLeast3, "3", field: "exit"))
        #expect(matches(atLeast3, "12", field: "exit"), "as numbers, not as text")
        #expect(!matches(atLeast3, "2", field: "exit"))
        #expect(!matches(atLeast3, "-2", field: "exit"))
        #expect(!matches(atLeast3, nil, field: "exit"), "an absent field is in no relation")
        #expect(!matches(atLeast3, "file", field: "exit"), "text is no number")
        #expect(matches(.relation(.greater, .literal("1")), "2", field: "pid"))
        #expect(!matches(.relation(.greater, .literal("1")), "1", field: "pid"))
        #expect(matches(.relation(.less, .literal("5")), "4", field: "items", type: "SYSCALL"))
        #expect(!matches(.relation(.less, .literal("5")), "5", field: "items"))
        #expect(matches(.relation(.lessOrEqual, .literal("5")), "5", field: "items"))
        #expect(!matches(.relation(.lessOrEqual, .literal("-1")), "0", field: "exit"))
        #expect(matches(.relation(.greater, .literal("4294967294")), "18446744073709551615", field: "ses"), "wider than 64-bit signed")
    }

    @Test func orderingsReadHexFieldsInHex() {
        #expect(matches(.relation(.greater, .literal("0x7ffc")), "7ffd", field: "a1"))
        #expect(matches(.relation(.greater, .literal("ff")), "100", field: "a1"), "100 is 0x100 in a hex field")
        #expect(!matches(.relation(.greater, .literal("255")), "100", field: "pid"), "and 100 in a decimal one")
        #expect(!matches(.relation(.greater, .literal("ff")), "100", field: "pid"), "ff is no decimal number")
        #expect(!matches(.relation(.less, .literal("0x7ffc")), "7ffd", field: "a1"))
    }

    @Test func orderingsReadAnInterpretedExitAsItsErrno() {
        let enoent = "ENOENT(No such file or directory)"
        #expect(matches(.relation(.less, .literal("0")), enoent, field: "exit", form: .interpreted))
        #expect(!matches(.relation(.greaterOrEqual, .literal("0")), enoent, field: "exit", form: .interpreted))
        #expect(!matches(.relation(.less, .literal("0")), enoent, field: "exit"), "a raw record says -2")
    }

    @Test func notEqualIsTheNegationOfEquals() {
        let notUnset = FieldMatcher.relation(.notEqual, .literal("4294967295"))
        #expect(matches(notUnset, "4", field: "ses"))
        #expect(!matches(notUnset, "4294967295", field: "ses"))
        #expect(!matches(notUnset, "-1", field: "ses"), "another spelling of unset")
        #expect(!matches(notUnset, nil, field: "ses"))
        #expect(!matches(.relation(.notEqual, .literal("root")), "0", field: "uid"), "raw and interpreted alike")
        #expect(matches(.relation(.notEqual, .literal("daemon")), "0", field: "uid"))
        #expect(!matches(.relation(.notEqual, .literal("0x1b6")), "1b6", field: "a3"))
    }

    @Test func relationsFillInVariablesAndCaptureNone() {
        let afterChild = FieldMatcher.relation(.greater, Template.parse("$child", column: 1))
        #expect(matches(afterChild, "124", field: "pid", ["child": "123"]))
        #expect(!matches(afterChild, "123", field: "pid", ["child": "123"]))
        var bindings: [String: String] = [:]
        let unbound = FieldComparison.matches(afterChild, field: "pid", in: record("pid", "124"), bindings: &bindings)
        #expect(!unbound)
        #expect(bindings.isEmpty)
    }

    @Test func describeShowsWhatIsExpected() {
        #expect(FieldComparison.describe(.equals(Template.parse("k-$key", column: 1)), variables: ["key": "1"]) == "k-1")
        #expect(FieldComparison.describe(.present, variables: [:]) == "*")
        #expect(FieldComparison.describe(.absent, variables: [:]) == "(absent)")
        #expect(FieldComparison.describe(.regex("a.*"), variables: [:]) == "~a.*")
        #expect(FieldComparison.describe(.relation(.greaterOrEqual, Template.parse("$n", column: 1)), variables: ["n": "3"]) == ">=3")
        #expect(FieldComparison.describe(.relation(.notEqual, .literal("unset")), variables: [:]) == "!=unset")
    }
}
