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
}
