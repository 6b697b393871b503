import AuditKernel

/// A marker sent through the kernel's audit queue after a scenario's last action, so that
/// absence ("expect no event", exact counts) and missing events can be judged as soon as
/// everything logged before it has arrived, rather than when the scenario's timeout ends.
///
/// Why this is sound: a record is queued when the syscall or packet that caused it is logged,
/// and kauditd hands queued records to the multicast group in queue order. A user message sent
/// after the last action is queued after every record those actions caused, so once it is
/// read, nothing the actions logged can still be on its way. It holds only while no process of
/// the scenario can still act on its own (see `ScenarioExecution.isQuiescent`): a spawned
/// process still running could log later, and then the runner waits for the timeout instead.
///
/// When the marker cannot be sent or is filtered (auditing switched off by the scenario, an
/// exclude rule on its type), it never arrives and the timeout decides, as without it.
struct RecordBarrier {
    /// AUDIT_TRUSTED_APP: a free-text user message type that no scenario of ours expects,
    /// unlike AUDIT_USER, which `usermsg` scenarios count.
    static let type = 1121
    /// What every marker's text starts with, so a reader can leave it out of any event.
    static let prefix = "auditspec-barrier"

    let token: [UInt8]

    /// Sends the marker for `key` (unique per scenario run); nil when the kernel refused it.
    init?(key: String, socket: AuditSocket) {
        let text = "\(Self.prefix) \(key)"
        do { try socket.sendUserMessage(text, type: Int32(Self.type)) } catch { return nil }
        // The kernel quotes the text as msg='TEXT ...': the quote makes the token end-safe
        // against another key that starts with this one.
        token = Array("msg='\(text) ".utf8)
    }

    /// Whether `message` is this marker coming back.
    func isArrival(_ message: KernelMessage) -> Bool {
        message.type == Self.type && Self.contains(message.payload, token)
    }

    /// Whether a record is any run's marker (they are never part of a scenario's events).
    static func isMarker(_ message: KernelMessage) -> Bool {
        message.type == type && contains(message.payload, Array("msg='\(prefix) ".utf8))
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
