import Foundation

/// The parts of /proc/PID/status that scenarios wait on or check: the thread count (a
/// target with two threads is refused a container identifier), the ids, the capabilities.
public struct ProcStatus: Hashable, Sendable {
    public var threads: Int
    /// Real, effective, saved and filesystem uid.
    public var uids: [UInt32]
    public var gids: [UInt32]
    public var effectiveCapabilities: UInt64
    public var boundingCapabilities: UInt64
    public var parentPid: Int32

    public init?(pid: Int32) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        var fields: [Substring: Substring] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon]] = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        }
        func numbers(_ key: Substring) -> [UInt32] {
            (fields[key] ?? "").split(whereSeparator: { $0 == "\t" || $0 == " " }).compactMap { UInt32($0) }
        }
        guard let threads = fields["Threads"].flatMap({ Int($0) }),
              let effective = fields["CapEff"].flatMap({ UInt64($0, radix: 16) }),
              let bounding = fields["CapBnd"].flatMap({ UInt64($0, radix: 16) }),
              let parent = fields["PPid"].flatMap({ Int32($0) }) else { return nil }
        self.threads = threads
        self.uids = numbers("Uid")
        self.gids = numbers("Gid")
        self.effectiveCapabilities = effective
        self.boundingCapabilities = bounding
        self.parentPid = parent
    }

    public func has(_ capability: Capability) -> Bool {
        effectiveCapabilities & (1 << UInt64(capability.rawValue)) != 0
    }
}
