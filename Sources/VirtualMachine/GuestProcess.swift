import CPOSIX
import Foundation
#if canImport(Glibc)
import Glibc
import POSIXSupport
#endif

/// The vng process that runs one boot (vng, and the QEMU it starts), read line by line.
///
/// It gets a process group of its own so that ending it ends QEMU too (vng does not forward
/// SIGKILL). Its stderr carries the guest's serial console (vng --verbose) and vng's own
/// messages; its stdout carries what the guest command prints. Every read waits, through
/// `Poller`, for a line, the process's end (its pidfd), a trapped signal or a deadline.
final class GuestProcess {
    enum Stream: Sendable { case console, output }

    enum Next {
        case line(Stream, String)
        /// The deadline passed with nothing to read.
        case timeout
        /// vng ended and both streams are drained: its exit status (128+n for a signal).
        case ended(Int32)
    }

    let pid: pid_t
    private let pidfd: Int32
    private var readers: [(stream: Stream, fd: Int32, buffer: [UInt8], open: Bool)]
    private var queued: [(Stream, String)] = []
    private(set) var exitStatus: Int32?

    init(argv: [String], environment: [String: String]) throws(VMError) {
        var consolePipe: [Int32] = [-1, -1], outputPipe: [Int32] = [-1, -1]
        guard as_pipe_cloexec(&consolePipe) == 0, as_pipe_cloexec(&outputPipe) == 0 else {
            throw VMError(.environment, "cannot make pipes for vng: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, consolePipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own (to end QEMU with it), and default signal handling and mask:
        // the trap this process installs for SIGINT/SIGTERM must not be inherited.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArguments.forEach { free($0) }; cEnvironment.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, argv[0], &actions, &attributes, cArguments, cEnvironment)
        close(consolePipe[1])
        close(outputPipe[1])
        guard status == 0 else {
            close(consolePipe[0]); close(outputPipe[0])
            throw VMError(.environment, "cannot start \(argv[0]): \(String(cString: strerror(status)))")
        }
        pid = child
        let fd = as_pidfd_open(child)
        pidfd = fd
        readers = [(.console, consolePipe[0], [], true), (.output, outputPipe[0], [], true)]
    }

    deinit {
        kill()
        for reader in readers where reader.open { close(reader.fd) }
        if pidfd >= 0 { close(pidfd) }
    }

    /// The next line of either stream, or the end, or `.timeout` at the deadline.
    func next(until deadline: Double) throws(Interrupted) -> Next {
        while true {
            if !queued.isEmpty { let (stream, text) = queued.removeFirst(); return .line(stream, text) }
            let open = readers.filter(\.open).map(\.fd)
            if open.isEmpty { return .ended(waitForExit()) }
            let ready = try Poller.wait(for: open, until: deadline)
            if ready.isEmpty { return .timeout }
            for index in readers.indices where readers[index].open && ready.contains(readers[index].fd) {
                fill(index)
            }
        }
    }

    /// Ends vng and QEMU at once (the guest's state is of no further use), then reaps vng.
    func kill() {
        guard exitStatus == nil else { return }
        Glibc.kill(-pid, SIGKILL)
        Glibc.kill(pid, SIGKILL)
        _ = waitForExit()
    }

    private func fill(_ index: Int) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = read(readers[index].fd, &chunk, chunk.count)
        if count < 0, errno == EINTR || errno == EAGAIN { return }
        if count <= 0 {
            if !readers[index].buffer.isEmpty {
                queued.append((readers[index].stream, ByteLines.decode(readers[index].buffer)))
                readers[index].buffer.removeAll()
            }
            close(readers[index].fd)
            readers[index].open = false
            return
        }
        readers[index].buffer += chunk[0..<count]
        while let newline = readers[index].buffer.firstIndex(of: 0x0A) {
            queued.append((readers[index].stream, ByteLines.decode(readers[index].buffer[..<newline])))
            readers[index].buffer.removeSubrange(...newline)
        }
    }

    /// Both streams are closed, so vng has ended or is ending: waits on its pidfd (bounded,
    /// in case something else held the pipes), then reaps it.
    private func waitForExit() -> Int32 {
        if let exitStatus { return exitStatus }
        if pidfd >= 0 {
            var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
            if poll(&entry, 1, 10_000) == 0 { Glibc.kill(-pid, SIGKILL); Glibc.kill(pid, SIGKILL) }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        exitStatus = code
        return code
    }
}

/// Console bytes as text: the serial console can carry anything, so bytes that are not UTF-8
/// are replaced rather than dropping the line.
enum ByteLines {
    static func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: Array(bytes), as: UTF8.self)
    }
}
