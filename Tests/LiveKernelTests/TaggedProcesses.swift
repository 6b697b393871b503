import Foundation

/// The processes of one run of the binary, told apart by a tag in their environment (see
/// ProcessActionTests.tag()): every process the runner starts inherits it, agents, their
/// forks and plain children alike, so a leaked one of any kind is found.
enum TaggedProcesses {
    static func all(tagged tag: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.filter {
            guard let environment = FileManager.default.contents(atPath: "/proc/\($0)/environ") else { return false }
            return environment.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == tag }
        }.compactMap { Int32($0) }
    }
}
