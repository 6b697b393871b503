import Reporters
import Testing

@Suite struct VisibleTextTests {
    @Test func escapeAndGroupSeparatorBecomeHexEscapes() {
        #expect(VisibleText.escape("a\u{1B}[31mb") == "a\\x1B[31mb")
        #expect(VisibleText.escape("uid=0\u{1D}UID=root") == "uid=0\\x1DUID=root")
    }

    @Test func otherControlCharactersAreEscaped() {
        #expect(VisibleText.escape("\u{0}\u{7}\r\u{7F}") == "\\x00\\x07\\x0D\\x7F")
        #expect(VisibleText.escape("\u{85}\u{9F}") == "\\x85\\x9F")
    }

    @Test func tabStaysAndNewlineStaysUnlessAskedNotTo() {
        #expect(VisibleText.escape("a\tb\nc") == "a\tb\nc")
        #expect(VisibleText.escape("a\tb\nc", keepNewlines: false) == "a\tb\\x0Ac")
    }

    @Test func noncharactersForbiddenInXMLAreEscaped() {
        #expect(VisibleText.escape("a\u{FFFE}\u{FFFF}") == "a\\u{FFFE}\\u{FFFF}")
    }

    @Test func printableTextIsUnchanged() {
        let text = "café ✓ /tmp/x y=\"z\" \\xFF"
        #expect(VisibleText.escape(text) == text)
    }
}
