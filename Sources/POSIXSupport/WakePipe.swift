import CPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// A pipe one thread writes a byte to so that another, waiting in poll(2) (`Poller`), wakes.
/// Both ends are close-on-exec and never block: a full pipe already says "wake up".
public final class WakePipe: Sendable {
    /// The end to poll.
    public let fd: Int32
    private let writeEnd: Int32

    public init() throws(KernelError) {
        var ends: [Int32] = [-1, -1]
        let made = as_pipe_cloexec(&ends)
        if made < 0 { throw KernelError("make a pipe", errno: -made) }
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        fd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(fd)
        close(writeEnd)
    }

    public func wake() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe, so the next poll waits for the next wake.
    public func drain() {
        var sink = [UInt8](repeating: 0, count: 64)
        while read(fd, &sink, sink.count) > 0 {}
    }
}
