import AuditRecords
import Matching
import ScenarioLanguage
import Testing

/// A value is one text whatever its spelling: the kernel hex-encodes a value only when it
/// prints it bare, so a quoted value is text and is never decoded (issue 14, items 1 and 2).
@Suite struct QuotedValueTests {
    func matches(_ spec: String, _ record: AuditRecord) -> Bool {
        let field = Samples.field(spec)
        var bindings: [String: String] = [:]
        return FieldComparison.matches(field.matcher, field: field.name, in: record, bindings: &bindings)
    }

    @Test func aQuotedExecveArgumentIsNeverReadAsHex() {
        let execve = Samples.record("EXECVE", #"argc=3 a0="prog" a1="30" a2="4142""#)
        #expect(!matches("a1=0", execve), "\"30\" is the text 30, not the byte '0'")
        #expect(!matches("a2=AB", execve))
        #expect(matches("a1=30", execve))
        #expect(matches("a2=4142", execve))
    }

    @Test func aQuotedNameIsNeverReadAsHex() {
        let path = Samples.record("PATH", #"item=1 name="/tmp/x/4142" nametype=CREATE"#)
        #expect(!matches("name=/tmp/x/AB", path))
        #expect(matches("name=/tmp/x/4142", path))
        let relative = Samples.record("PATH", #"item=1 name="4142" nametype=CREATE"#)
        #expect(!matches("name=AB", relative))
        var bindings: [String: String] = [:]
        let capture = FieldMatcher.equals(Template.parse("$tmp/AB", column: 1))
        #expect(!FieldComparison.matches(capture, field: "name", in: path, bindings: &bindings), "nor through a capture")
        let named = FieldMatcher.equals(Template.parse("$file", column: 1))
        #expect(FieldComparison.matches(named, field: "name", in: relative, bindings: &bindings))
        #expect(bindings["file"] == "4142", "a capture takes the text")
    }

    @Test func aBareHexValueIsDecoded() {
        let execve = Samples.record("EXECVE", #"argc=2 a0="prog" a1=612062"#)
        #expect(matches("a1=a b", execve))
        #expect(matches("a1=612062", execve), "the kernel's own spelling of the same value")
        let path = Samples.record("PATH", "item=0 name=2F746D702F612062 nametype=CREATE")
        #expect(matches("name=/tmp/a b", path))
    }

    @Test func syscallArgumentsAreNumbersNotText() {
        let syscall = Samples.record("SYSCALL", "arch=c000003e syscall=62 a0=4142 a1=41 success=yes")
        #expect(!matches("a1=A", syscall), "SYSCALL's a1 is hex for a number, never encoded text")
        #expect(matches("a1=0x41", syscall))
    }

    @Test func anInterpretedValueIsAlreadyText() {
        let path = Samples.record("PATH", "item=1 name=/tmp/x/4142 nametype=CREATE", interpreted: true)
        #expect(!matches("name=/tmp/x/AB", path))
        #expect(matches("name=/tmp/x/4142", path))
        let spaced = Samples.record("PATH", "item=1 name=/tmp/a b nametype=CREATE", interpreted: true)
        #expect(matches("name=2F746D702F612062", spaced) == matches("name=2F746D702F612062",
                Samples.record("PATH", "item=1 name=2F746D702F612062 nametype=CREATE")),
                "the kernel's hex spelling gets the same verdict in both forms")
    }

    @Test func aRegularExpressionSeesTheDecodedText() {
        let path = Samples.record("PATH", "item=0 name=2F746D702F7769746820737061636520 nametype=CREATE")
        #expect(matches("name~=.*/with space ", path))
        #expect(matches("name~=2F.*", path), "the kernel's spelling, as = sees it")
        let spoken = Samples.record("PATH", "item=0 name=/with space  nametype=CREATE", interpreted: true)
        #expect(matches("name~=2F.*", spoken), "in both forms")
        #expect(matches("name~=.*/with space", spoken))
        let quoted = Samples.record("PATH", #"item=0 name="/tmp/4142" nametype=CREATE"#)
        #expect(matches("name~=.*/4142", quoted))
        #expect(!matches("name~=.*/AB", quoted))
    }
}
