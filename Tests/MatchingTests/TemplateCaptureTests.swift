import AuditRecords
import Matching
import ScenarioLanguage
import Testing

/// Capturing unbound variables from a value: the first split that fits binds, and a value that
/// no split fits is refused without trying every split (which would never finish here).
@Suite struct TemplateCaptureTests {
    func capture(_ template: String, _ value: String, _ variables: [String: String] = [:]) -> [String: String]? {
        var bindings = variables
        let record = AuditRecord(type: "PATH", stamp: RecordStamp(time: "1700000000.123", serial: 1),
                                 fields: [RecordField(name: "name", value: value)], text: "", form: .raw)
        let matched = FieldComparison.matches(.equals(Template.parse(template, column: 1)), field: "name", in: record,
                                              bindings: &bindings)
        return matched ? bindings : nil
    }

    @Test func manyUnboundVariablesAgainstALongValueThatCannotMatch() {
        // Ten variables cut 2,000 characters in about 10^28 ways: trying them all never ends.
        let value = String(repeating: "x", count: 2_000)
        let atTheEnd = capture("$a$b$c$d$e$f$g$h$i$j/never", value)
        #expect(atTheEnd == nil)
        let inTheMiddle = capture("$a$b$c$d$e/never$f$g$h$i$j", value)
        #expect(inTheMiddle == nil)
    }

    @Test func repeatedVariablesAgainstALongValueEndWithinTheBudget() {
        // Each repeated variable multiplies the states remembered; the step budget ends the search.
        let value = String(repeating: "x", count: 300)
        #expect(capture("$a$b$a$b$c$d$c$d/never", value) == nil)
        #expect(capture("$a-$a", "xyz-xyz") == ["a": "xyz"], "a small repeat still binds")
    }

    @Test func aLongValueThatMatchesLateStillBinds() {
        let value = String(repeating: "x", count: 2_000) + "/end"
        let bound = capture("$a$b$c$d$e$f$g$h$i$j/end", value)
        let expected = Dictionary(uniqueKeysWithValues: "abcdefghi".map { (String($0), "x") } + [("j", String(repeating: "x", count: 1_991))])
        #expect(bound == expected)
    }

    @Test func theFirstSplitThatFitsBinds() {
        // Each variable, from the left, takes the shortest text that lets the rest match.
        let split = capture("$a-$b/$c", "x-y-z/w/v")
        #expect(split == ["a": "x", "b": "y-z", "c": "w/v"])
        let repeated = capture("$a-$b-$a", "ab-c-d-ab")
        #expect(repeated == ["a": "ab", "b": "c-d"])
        let withBound = capture("$root/$a.$b", "/tmp/x.y.z", ["root": "/tmp"])
        #expect(withBound == ["root": "/tmp", "a": "x", "b": "y.z"])
        let mismatchedRepeat = capture("$a-$b-$a", "ab-c-d-ac")
        #expect(mismatchedRepeat == nil)
    }
}
