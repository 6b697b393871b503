import Foundation
import ScenarioLanguage
import Testing

/// The table of statements is the one place a statement is declared: dispatch, the hints and
/// the reference follow from it.
struct StatementTableTests {
    static let reference: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/scenario-language.md"), encoding: .utf8)) ?? ""
    }()

    @Test func keywordsAreUnique() {
        #expect(Set(ScenarioParser.keywords).count == ScenarioParser.keywords.count)
    }

    @Test(arguments: ScenarioParser.synopses)
    func theReferenceWritesEverySynopsis(_ synopsis: String) {
        #expect(Self.reference.contains("`\(synopsis)`"), "docs/scenario-language.md lacks `\(synopsis)`")
    }

    /// A statement the reference describes under a heading of its own is one the parser knows.
    @Test func everyStatementHeadingIsAKnownStatement() throws {
        let headings = Self.reference.split(separator: "\n").filter { $0.hasPrefix("### `") }
        try #require(headings.count >= 20)
        for heading in headings {
            let keyword = heading.dropFirst(5).prefix { $0.isLetter }
            #expect(ScenarioParser.keywords.contains(String(keyword)), "\(heading)")
        }
    }

    /// Every keyword is dispatched and gets a "did you mean" when misspelt, `read` among them.
    @Test(arguments: ScenarioParser.keywords)
    func aMisspeltKeywordIsNamed(_ keyword: String) throws {
        let misspelt = String(keyword.dropLast()) + (keyword.last == "x" ? "y" : "x")
        let error = try Sources.diagnostic(Sources.titled(misspelt + " a"))
        #expect(error.message == "unknown statement '\(misspelt)'")
        #expect(error.hint?.hasPrefix("did you mean '") == true, "\(error.hint ?? "no hint")")
    }
}
