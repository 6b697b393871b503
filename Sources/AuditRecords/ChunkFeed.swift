import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Cuts a file into chunks of whole lines for several parsing threads, and gives their
/// results back to one consuming thread in file order.
///
/// Reading is sequential (so a pipe or a FIFO works as well as a file), under the feed's lock;
/// parsing, most of a replay's cost, runs outside it on every worker at once. At most
/// `window` chunks are out (being parsed, or parsed and not yet taken), so memory stays bounded
/// whatever the file's size: a worker waits when the consumer falls behind.
final class ChunkFeed<Result: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let fd: Int32
    private let chunkSize: Int
    private let window: Int
    /// Bytes read after the last newline of the previous chunk: the start of the next one.
    private var leftover: [UInt8] = []
    private var atEnd = false
    private var issued = 0
    /// Bytes handed out in chunks so far: where the next chunk starts in the file.
    private var offset = 0
    private var taken = 0
    private var done: [Int: Result] = [:]
    private var workers = 0

    /// Whether the file is a regular one, whose lines can be read again at their offsets (a
    /// pipe's cannot).
    let isRegularFile: Bool
    /// The errno of a read that failed (the feed then ends there): read once `take` returned nil.
    private(set) var readError: Int32?

    /// The errno of an open that failed (EISDIR for a folder, whose reads would fail).
    struct OpenFailure: Error { var code: Int32 }

    init(path: String, chunkSize: Int = 1 << 20, window: Int) throws(OpenFailure) {
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        if opened < 0 { throw OpenFailure(code: errno) }
        var status = stat()
        if fstat(opened, &status) != 0 || (status.st_mode & S_IFMT) == S_IFDIR {
            let code = (status.st_mode & S_IFMT) == S_IFDIR ? EISDIR : errno
            _ = close(opened)
            throw OpenFailure(code: code)
        }
        fd = opened
        isRegularFile = (status.st_mode & S_IFMT) == S_IFREG
        self.chunkSize = chunkSize
        self.window = max(1, window)
    }

    /// Runs `count` threads, each taking chunks and turning them into results with `work`,
    /// which is given the chunk's offset in the file too.
    func start(workers count: Int, name: String, _ work: @escaping @Sendable (_ chunk: [UInt8], _ offset: Int) -> Result) {
        condition.lock()
        workers = count
        condition.unlock()
        for number in 0..<count {
            let thread = Thread { [self] in
                while let (index, chunk, offset) = nextChunk() { deliver(work(chunk, offset), index: index) }
                condition.lock()
                workers -= 1
                condition.broadcast()
                condition.unlock()
            }
            thread.name = "\(name) \(number + 1)"
            thread.start()
        }
    }

    /// The next chunk's result, in file order, waiting for it; nil once the file is done. Then
    /// every worker has stopped and the file is closed.
    func take() -> Result? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = done.removeValue(forKey: taken) {
                taken += 1
                condition.broadcast()
                return result
            }
            if atEnd, leftover.isEmpty, taken == issued, workers == 0 {
                if fd >= 0 { _ = close(fd) }
                return nil
            }
            condition.wait()
        }
    }

    private func deliver(_ result: Result, index: Int) {
        condition.lock()
        done[index] = result
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk: whole lines, the last one with its newline (or the file's last bytes).
    private func nextChunk() -> (index: Int, bytes: [UInt8], offset: Int)? {
        condition.lock()
        defer { condition.unlock() }
        while issued - taken >= window { condition.wait() }
        if atEnd && leftover.isEmpty { return nil }
        var buffer = leftover
        leftover = []
        var searched = 0
        while !atEnd {
            let start = buffer.count
            let count = readMore(into: &buffer, count: chunkSize)
            if count <= 0 { atEnd = true; break }
            // The last newline in what was just read ends the chunk; a line longer than a chunk
            // makes the chunk grow until its end is read.
            if let newline = lastNewline(in: buffer, from: max(searched, start)) {
                leftover = Array(buffer[(newline + 1)...])
                buffer.removeSubrange((newline + 1)...)
                break
            }
            searched = buffer.count
        }
        guard !buffer.isEmpty else { return nil }
        issued += 1
        offset += buffer.count
        return (issued - 1, buffer, offset - buffer.count)
    }

    /// Appends up to `count` bytes read from the file; returns how many (0 at the end, -1 on an
    /// error, kept in `readError`).
    private func readMore(into buffer: inout [UInt8], count: Int) -> Int {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        var got = 0
        buffer.withUnsafeMutableBufferPointer { pointer in
            repeat { got = read(fd, pointer.baseAddress! + start, count) } while got < 0 && errno == EINTR
        }
        if got < 0 { readError = errno }
        buffer.removeLast(count - max(0, got))
        return got
    }

    /// Searched from the end: a chunk's last newline is a line's length from it.
    private func lastNewline(in buffer: [UInt8], from start: Int) -> Int? {
        var index = buffer.count - 1
        while index >= start {
            if buffer[index] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}
