import CPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal whose slave a scenario's process takes as its controlling terminal, so
/// the kernel's records about it name a tty (LOGIN's tty=pts/N) as for a login session.
///
/// The runner holds the master for the terminal's life and never reads it: the process writes
/// nothing there (its output goes to the scenario's files). Closing the master hangs the
/// terminal up.
public final class PseudoTerminal {
    public let master: Int32
    /// /dev/pts/N.
    public let slavePath: String

    public init() throws(KernelError) {
        var name = [CChar](repeating: 0, count: 128)
        let fd = as_pty_open(&name, name.count)
        if fd < 0 { throw KernelError("open a pseudo-terminal", errno: -fd) }
        master = fd
        slavePath = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    deinit { Glibc.close(master) }
}
