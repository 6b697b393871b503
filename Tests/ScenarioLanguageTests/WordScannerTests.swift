@testable import ScenarioLanguage
import Testing

@Suite struct WordScannerTests {
    func words(_ line: String) throws -> [Word] {
        switch WordScanner.scan(line) {
        case .success(let words): return words
        case .failure(let failure):
            Issue.record("scan failed: \(failure.message) at \(failure.column)")
            throw failure
        }
    }

    func failure(_ line: String) throws -> WordScanner.Failure {
        guard case .failure(let failure) = WordScanner.scan(line) else {
            Issue.record("scan of \(line) succeeded")
            throw CancellationError()
        }
        return failure
    }

    @Test func plainWordsWithColumns() throws {
        let scanned = try words("run  ping\t-c 1")
        #expect(scanned.map(\.source) == ["run", "ping", "-c", "1"])
        #expect(scanned.map(\.column) == [1, 6, 11, 14])
        #expect(scanned.allSatisfy { !$0.quoted })
        #expect(scanned.map(\.literal) == ["run", "ping", "-c", "1"])
    }

    @Test func singleQuotesAreLiteralEvenWithDollar() throws {
        let word = try #require(try words("echo '$x y'").last)
        #expect(word.quoted)
        #expect(word.template.variables.isEmpty)
        #expect(word.literal == "$x y")
        #expect(word.source == "'$x y'")
        #expect(word.column == 6)
    }

    @Test func doubleQuotesKeepVariablesWithTheirColumn() throws {
        let word = try #require(try words("echo \"a $x\"").last)
        #expect(word.quoted)
        #expect(word.template.variables.map(\.name) == ["x"])
        #expect(word.template.variables.map(\.column) == [9])
        #expect(word.template.render(["x": "1"]) == "a 1")
    }

    @Test func doubleQuoteEscapes() throws {
        let word = try #require(try words(#""a\tb\nc\\d\"e\$f\q""#).first)
        #expect(word.literal == "a\tb\nc\\d\"e$f\\q")
    }

    @Test func variableColumnAfterAnEscapeInDoubleQuotesIsItsSourceColumn() throws {
        let word = try #require(try words(#"echo "\t$x""#).last)
        #expect(word.template.variables.map(\.column) == [9])
    }

    @Test func unquotedVariableColumn() throws {
        let word = try #require(try words("kill $child").last)
        #expect(word.template.variables.map(\.name) == ["child"])
        #expect(word.template.variables.map(\.column) == [6])
        #expect(word.literal == nil)
    }

    @Test func adjacentPartsFormOneWord() throws {
        let scanned = try words(#"a"b c"d 'e'"f""#)
        #expect(scanned.count == 2)
        #expect(scanned[0].literal == "ab cd")
        #expect(scanned[0].source == #"a"b c"d"#)
        #expect(scanned[1].literal == "ef")
        #expect(scanned[1].template.parts == [.literal("ef")])
    }

    @Test func emptyQuotedWordIsAWord() throws {
        let scanned = try words("write /x ''")
        #expect(scanned.count == 3)
        #expect(scanned[2].literal == "")
        #expect(scanned[2].quoted)
    }

    @Test func hashAtWordStartBeginsAComment() throws {
        #expect(try words("run true # comment 'unclosed").map(\.source) == ["run", "true"])
        #expect(try words("echo a#b").map(\.source) == ["echo", "a#b"])
    }

    @Test func unclosedQuotesFailAtTheQuote() throws {
        #expect(try failure("echo 'abc").column == 6)
        #expect(try failure("echo x\"abc").column == 7)
        #expect(try failure("echo \"abc\\\"").message.contains("never closed"))
    }
}
