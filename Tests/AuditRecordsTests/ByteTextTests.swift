import AuditRecords
import Testing

@Suite struct ByteTextTests {
    @Test func validUTF8IsKeptAsIs() {
        #expect(ByteText.decode(Array("café /tmp".utf8)) == "café /tmp")
    }

    @Test func invalidByteBecomesBackslashXHex() {
        #expect(ByteText.decode([0x61, 0xFF, 0x62]) == "a\\xFFb")
    }

    @Test func textAfterAnInvalidByteIsDecodedExactly() {
        #expect(ByteText.decode([0xFF] + Array("abcdefgh".utf8)) == "\\xFFabcdefgh")
    }

    @Test func textAfterTwoInvalidSequencesIsDecodedExactly() {
        #expect(ByteText.decode([0xE9, 0x41, 0xE9, 0x42, 0x43, 0x44, 0x45]) == "\\xE9A\\xE9BCDE")
        #expect(ByteText.decode([0xC3, 0x28, 0xC3, 0x28, 0x41, 0x42, 0x43]) == "\\xC3(\\xC3(ABC")
        #expect(ByteText.decode([0xC3, 0x28, 0xFE] + Array(" item".utf8)) == "\\xC3(\\xFE item")
    }

    @Test func validMultibyteCharacterAfterAnInvalidByteSurvives() {
        #expect(ByteText.decode([0x80, 0xC3, 0xA9, 0x21]) == "\\x80é!")
    }

    @Test func truncatedSequenceEscapesEachOfItsBytes() {
        #expect(ByteText.decode([0x41, 0xE2, 0x82]) == "A\\xE2\\x82")
    }

    @Test func lowByteHexIsTwoUppercaseDigits() {
        #expect(ByteText.decode([0x0F, 0xC0]) == "\u{0F}\\xC0")
    }

    @Test func emptyInputIsEmptyText() {
        #expect(ByteText.decode([UInt8]()) == "")
    }
}
