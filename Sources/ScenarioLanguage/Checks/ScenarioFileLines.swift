import Foundation

/// The lines of a scenario file, read once and only when a check after parsing has an error
/// to show (a diagnostic carries its line for the caret).
struct ScenarioFileLines {
    let path: String
    private var lines: [String]?

    init(path: String) { self.path = path }

    mutating func line(_ number: Int) -> String {
        if lines == nil {
            lines = (try? String(contentsOfFile: path, encoding: .utf8))?.components(separatedBy: "\n") ?? []
        }
        guard number >= 1, number - 1 < lines!.count else { return "" }
        let text = lines![number - 1]
        return text.hasSuffix("\r") ? String(text.dropLast()) : text
    }
}
