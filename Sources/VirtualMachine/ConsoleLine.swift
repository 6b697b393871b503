/// One line of the guest's console, with the kernel's printk timestamp split off.
///
/// Debian's kernels (and most others) print `[   12.345678] ` before each message; the host
/// classifies the text after it, and keeps the whole line for excerpts, as a developer would
/// paste it. Lines without a timestamp (the firmware's, vng's own) are kept as they are.
public struct ConsoleLine: Hashable, Sendable {
    public var raw: String
    /// The message without the timestamp.
    public var text: Substring
    /// Seconds since the guest kernel started, when the line has a timestamp.
    public var kernelTime: Double?

    public init(_ raw: String) {
        // A serial console ends lines with \r\n; a carriage return is never part of a message.
        let cleaned = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
        self.raw = cleaned
        self.text = cleaned[...]
        self.kernelTime = nil
        guard cleaned.hasPrefix("["), let close = cleaned.firstIndex(of: "]") else { return }
        let inside = cleaned[cleaned.index(after: cleaned.startIndex)..<close].trimmingLeadingSpaces()
        guard let seconds = Double(inside) else { return }
        kernelTime = seconds
        var rest = cleaned[cleaned.index(after: close)...]
        if rest.first == " " { rest = rest.dropFirst() }
        text = rest
    }
}

extension Substring {
    func trimmingLeadingSpaces() -> Substring {
        drop(while: { $0 == " " })
    }
}
