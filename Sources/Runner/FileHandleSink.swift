import Foundation

/// A file that lines are appended to as they come (a capture), flushed by the system as it
/// writes: what a killed run captured is on disk up to its last line.
public final class FileHandleSink {
    private let handle: FileHandle

    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    public func write(_ line: String) {
        try? handle.write(contentsOf: Data(line.utf8))
    }

    deinit { try? handle.close() }
}
