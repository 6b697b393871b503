import CPOSIX
import SystemTypes

/// The io_uring statement's calls made in this process (io_uring_calls.c, the same C function
/// auditspec-agent calls): io_uring_setup(2), then IORING_OP_OPENAT of the file and
/// IORING_OP_CLOSE of what it opened, each with its own io_uring_enter(2).
public enum IoUringCall {
    /// Success, or the errno of the call or operation that failed.
    public static func openAndClose(_ path: String) -> Result<Void, Errno> {
        var step: Int32 = 0
        let rc = as_uring_openat_close(path, &step)
        return rc == 0 ? .success(()) : .failure(Errno(rawValue: -rc))
    }

    /// Whether io_uring_setup(2) works here: nil, or its errno (ENOSYS without io_uring, EPERM
    /// when /proc/sys/kernel/io_uring_disabled refuses it).
    public static func setupError() -> Errno? {
        let rc = as_uring_probe()
        return rc == 0 ? nil : Errno(rawValue: -rc)
    }
}
