import Foundation

/// Files under Fixtures/, copied into the test bundle.
enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }

    static func text(_ name: String) -> String {
        (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? ""
    }

    static func lines(_ name: String) -> [String] {
        text(name).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
