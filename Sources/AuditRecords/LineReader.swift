#if canImport(Glibc)
import Glibc
#endif

/// Reads a file line by line in large chunks, holding one chunk at a time: a log of any size
/// is streamed, never loaded whole.
struct LineReader {
    private let fd: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    private(set) var lineNumber = 0

    init?(path: String, chunkSize: Int = 1 << 20) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    func close() { _ = Glibc.close(fd) }

    /// The next line without its newline, or nil at the end of the file.
    mutating func next() -> ArraySlice<UInt8>? {
        while true {
            let from = start, to = end
            let found = buffer.withUnsafeBufferPointer { pointer -> Int? in
                guard to > from, let hit = memchr(pointer.baseAddress! + from, 0x0A, to - from) else { return nil }
                return UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - pointer.baseAddress!
            }
            if let newline = found {
                let line = buffer[start..<newline]
                start = newline + 1
                lineNumber += 1
                return line
            }
            if atEnd {
                guard start < end else { return nil }
                let line = buffer[start..<end]
                start = end
                lineNumber += 1
                return line
            }
            refill()
        }
    }

    /// Moves the unread part to the front and reads more; grows the buffer for a very long line.
    private mutating func refill() {
        if start > 0 {
            buffer.withUnsafeMutableBufferPointer { pointer in
                let base = pointer.baseAddress!
                memmove(base, base + start, end - start)
            }
            end -= start
            start = 0
        }
        if end == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            read(fd, pointer.baseAddress! + end, pointer.count - end)
        }
        if count <= 0 { atEnd = true } else { end += count }
    }
}
