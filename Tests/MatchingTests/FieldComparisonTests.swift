import Matching
import ScenarioLanguage
import Testing

@Suite struct FieldComparisonTests {
    func matches(_ matcher: FieldMatcher, _ actual: String?, field: String = "key", _ variables: [String: String] = [:]) -> Bool {
        FieldComparison.matches(matcher, field: field, actual: actual, variables: variables)
    }

    @Test func equalsComparesTheRenderedTemplate() {
        let pid = FieldMatcher.equals(Template.parse("$child", column: 1))
        #expect(matches(pid, "123", field: "pid", ["child": "123"]))
        #expect(!matches(pid, "124", field: "pid", ["child": "123"]))
        #expect(!matches(pid, nil, field: "pid", ["child": "123"]))
        #expect(matches(.equals(.literal("")), ""))
    }

    @Test func unboundVariableDoesNotMatchItsValue() {
        #expect(!matches(.equals(Template.parse("$child", column: 1)), "123", field: "pid"))
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
        #expect(matches(.equals(.literal("-e")), "2D65", field: "a1"))
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
            #expect(HexText.mayEncode(field), "\(field)")
        }
        for field in ["pid", "uid", "arch", "a0_len", "mode", "contid"] {
            #expect(!HexText.mayEncode(field), "\(field)")
        }
    }

    @Test func hexDecodingNeedsUppercaseEvenLengthHex() {
        #expect(HexText.decode("414") == nil)
        #expect(HexText.decode("6a") == nil)
        #expect(HexText.decode("4G") == nil)
        #expect(HexText.decode("4142") == "AB")
        #expect(HexText.decode("FF41") == "\\xFFA")
    }

    @Test func describeShowsWhatIsExpected() {
        #expect(FieldComparison.describe(.equals(Template.parse("k-$key", column: 1)), variables: ["key": "1"]) == "k-1")
        #expect(FieldComparison.describe(.present, variables: [:]) == "*")
        #expect(FieldComparison.describe(.absent, variables: [:]) == "(absent)")
        #expect(FieldComparison.describe(.regex("a.*"), variables: [:]) == "~a.*")
    }
}
