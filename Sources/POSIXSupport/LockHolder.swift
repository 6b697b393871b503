import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process holding a flock on a file, as /proc/locks lists it.
public struct LockHolder: Hashable, Sendable, CustomStringConvertible {
    public var pid: pid_t
    public var exclusive: Bool
    /// Its command line, for a message (empty if it is gone).
    public var command: String

    public init(pid: pid_t, exclusive: Bool, command: String = "") {
        self.pid = pid
        self.exclusive = exclusive
        self.command = command
    }

    public var description: String { "pid \(pid)" + (command.isEmpty ? "" : " (\(command))") }

    /// Who holds a flock on the file at `path` now (waiters are left out).
    public static func holders(of path: String) -> [LockHolder] {
        var info = stat()
        // /proc/locks is a seq_file: Foundation's contentsOfFile stops after its first record, so
        // the table is read to its end (with any other lock on the machine, ours may be far down).
        guard stat(path, &info) == 0, let file = FileHandle(forReadingAtPath: "/proc/locks") else { return [] }
        defer { try? file.close() }
        let table = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        // glibc's encoding of dev_t (its major() and minor() are macros Swift cannot call).
        let device = UInt64(info.st_dev)
        let major = UInt32(truncatingIfNeeded: ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff)))
        let minor = UInt32(truncatingIfNeeded: (device & 0xff) | ((device >> 12) & ~UInt64(0xff)))
        return parse(table, device: (major, minor), inode: UInt64(info.st_ino)).map { holder in
            var named = holder
            named.command = commandLine(of: holder.pid)
            return named
        }
    }

    /// The flock holders of one file in the text of /proc/locks:
    /// `1: FLOCK  ADVISORY  WRITE 8510 fe:00:16261415 0 EOF` (major and minor in hex);
    /// a line with `->` is a process waiting for that lock, not holding it.
    public static func parse(_ table: String, device: (major: UInt32, minor: UInt32), inode: UInt64) -> [LockHolder] {
        table.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 6, words[1] == "FLOCK", let pid = pid_t(words[4]) else { return nil }
            let place = words[5].split(separator: ":")
            guard place.count == 3, UInt32(place[0], radix: 16) == device.major, UInt32(place[1], radix: 16) == device.minor,
                  UInt64(place[2]) == inode else { return nil }
            return LockHolder(pid: pid, exclusive: words[3] == "WRITE")
        }
    }

    static func commandLine(of pid: pid_t) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
}
