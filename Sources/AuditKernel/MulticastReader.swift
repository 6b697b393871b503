import CAuditNetlink
#if canImport(Glibc)
import Glibc
import POSIXSupport
#endif

/// One message from the kernel's audit log stream: the record type number and its text.
public struct KernelMessage: Hashable, Sendable {
    public var type: Int
    public var payload: [UInt8]
}

/// Reads records as the kernel logs them, from the audit multicast read group.
///
/// Joining the read-only group (AUDIT_NLGRP_READLOG) needs CAP_AUDIT_READ but takes
/// nothing from a running auditd: it keeps its unicast stream and its place as the daemon.
public final class MulticastReader {
    public let fd: Int32
    /// Set when the socket's buffer overflowed (ENOBUFS): records were lost before we read them.
    public private(set) var overflowed = false
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)

    public init(receiveBuffer: Int32 = 8 << 20) throws(KernelError) {
        fd = try KernelError.check(as_multicast_open(receiveBuffer), "join the audit multicast group")
    }

    deinit { close(fd) }

    /// Waits until `deadline` for at least one message, then returns all that are queued.
    public func receive(until deadline: Double) throws(Interrupted) -> [KernelMessage] {
        guard try !Poller.wait(for: [fd], until: deadline).isEmpty else { return [] }
        return drainQueued()
    }

    /// Everything queued now, without waiting.
    public func drainQueued() -> [KernelMessage] {
        var messages: [KernelMessage] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == ENOBUFS { overflowed = true; continue }
                return messages
            }
            messages += Self.split(buffer[0..<count])
        }
    }

    /// Splits one datagram into netlink messages. The kernel has filled nlmsg_len wrongly in
    /// some versions, so the datagram's own size bounds every message.
    static func split(_ datagram: ArraySlice<UInt8>) -> [KernelMessage] {
        var messages: [KernelMessage] = []
        var offset = datagram.startIndex
        let header = 16
        while datagram.endIndex - offset >= header {
            let base = datagram[offset..<offset + header]
            let length = Int(base.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt32.self) })
            let type = Int(base.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4, as: UInt16.self) })
            let end = (length >= header && offset + length <= datagram.endIndex) ? offset + length : datagram.endIndex
            messages.append(KernelMessage(type: type, payload: Array(datagram[(offset + header)..<end])))
            guard length >= header, end < datagram.endIndex else { break }
            offset += (length + 3) & ~3
        }
        return messages
    }
}
