import AuditKernel
import AuditRecords
import Foundation

/// Every message the kernel multicasts during a run, written once, as it came (`run --capture`).
///
/// It has a reader of its own in the multicast group, so what it writes does not depend on
/// which scenarios were reading at the time, nor on how many ran at once: a parallel run's
/// capture holds each record once, in the order the kernel sent them. The thread that runs
/// the scenarios drains it whenever it wakes (it polls `fd` beside its other waits) and once
/// more at the end.
public final class CaptureRecorder {
    private let reader: MulticastReader
    private let sink: FileHandleSink

    public init(path: String) throws {
        sink = try FileHandleSink(path: path)
        reader = try MulticastReader()
    }

    /// Readable when messages are waiting.
    public var fd: Int32 { reader.fd }

    /// Writes every message waiting now.
    public func drain() {
        for message in reader.drainQueued() {
            sink.write(CaptureLine(type: message.type, payload: message.payload).encoded() + "\n")
        }
    }
}
