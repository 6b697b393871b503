import AuditRecords
import Testing

@Suite struct FieldScannerTests {
    func items(_ text: String) throws -> [FieldScanner.Item] {
        try FieldScanner.scan(Substring(text)).get()
    }

    @Test func barePairsWithOffsets() throws {
        let scanned = try items("a=1  bb=22")
        #expect(scanned.map(\.name) == ["a", "bb"])
        #expect(scanned.map(\.value) == ["1", "22"])
        #expect(scanned.map(\.offset) == [0, 5])
        #expect(scanned.map(\.valueOffset) == [2, 8])
        #expect(scanned.allSatisfy { $0.quoting == .bare && !$0.isBareWord })
    }

    @Test func doubleQuotedValueKeepsSpacesAndPointsPastTheQuote() throws {
        let scanned = try items("comm=\"my prog\" x=1")
        #expect(scanned[0].value == "my prog")
        #expect(scanned[0].quoting == .double)
        #expect(scanned[0].valueOffset == 6)
        #expect(scanned[1].name == "x")
        #expect(scanned[1].offset == 15)
    }

    @Test func singleQuotedValueIsOneItem() throws {
        let scanned = try items("msg='op=x res=success' tail=1")
        #expect(scanned.count == 2)
        #expect(scanned[0].quoting == .single)
        #expect(scanned[0].value == "op=x res=success")
    }

    @Test func wordWithoutEqualsIsBareWord() throws {
        let scanned = try items("a=1 !key")
        #expect(scanned[1].isBareWord)
        #expect(scanned[1].name == "!key")
        #expect(scanned[1].offset == 4)
    }

    @Test func emptyValueBeforeSpace() throws {
        let scanned = try items("saddr= daddr=x")
        #expect(scanned.map(\.value) == ["", "x"])
        #expect(!scanned[0].isBareWord)
    }

    @Test func tabsSeparateLikeSpaces() throws {
        #expect(try items("a=1\tb=2").map(\.name) == ["a", "b"])
    }

    @Test func unclosedQuoteFailsAtTheQuote() throws {
        let failure = try #require(FieldScanner.scan("a=1 name='abc").failure)
        #expect(failure.offset == 9)
        #expect(failure.message.contains("'name'"))
    }

    @Test func offsetsAreCharactersNotBytes() throws {
        let scanned = try items("é=1 b=2")
        #expect(scanned[1].offset == 4)
    }

    /// Values as `ausearch -i` speaks them: a proctitle with blanks runs to the end of the line,
    /// and an errno's description to the parenthesis that closes it.
    @Test func spokenValuesKeepTheirBlanks() throws {
        let scanned = try items("proctitle=perl -e open(F, '>', $x) ")
        #expect(scanned.map(\.name) == ["proctitle"])
        #expect(scanned.first?.value == "perl -e open(F, '>', $x)")
        let exit = try items("success=no exit=ENOENT(No such file or directory) a0=0x3")
        #expect(exit.map(\.name) == ["success", "exit", "a0"])
        #expect(exit[1].value == "ENOENT(No such file or directory)")
        // A parenthesis never closed does not swallow the rest.
        #expect(try items("x=a(b y=1").map(\.value) == ["a(b", "1"])
    }

    @Test func recordsReadAsAusearchSpeaksThemOnlyWhenInterpreted() throws {
        let parser = RecordParser()
        let spoken = try parser.parseLine(Array("type=SYSCALL msg=audit(06/06/2018 12:46:31.707:26953) : exit=ENOENT(No such file or directory) items=0".utf8)).get()
        #expect(spoken[field: "exit"] == "ENOENT(No such file or directory)")
        #expect(spoken[field: "items"] == "0")
        let title = try parser.parseLine(Array("type=PROCTITLE msg=audit(06/06/2018 12:46:31.707:26953) : proctitle=ls -l /tmp".utf8)).get()
        #expect(title[field: "proctitle"] == "ls -l /tmp")
        // Raw text: the kernel never writes a blank in a bare value, and a word without '=' stays a word.
        let raw = try parser.parseLine(Array("type=SYSCALL msg=audit(1.000:7): comm=a(b c)".utf8)).get()
        #expect(raw[field: "comm"] == "a(b")
    }
}
