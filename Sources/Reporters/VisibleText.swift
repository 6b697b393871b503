import Matching

/// Makes control characters visible instead of writing them raw.
///
/// Records can carry bytes a terminal would act on (ESC) or XML 1.0 forbids (auditd's 0x1D
/// ENRICHED separator). Each becomes `\xNN`, the same spelling the record parser uses for
/// bytes that are not UTF-8, so one escape means one thing everywhere.
public enum VisibleText {
    /// For the console: tabs escaped too (a terminal would move the columns), and a text
    /// longer than `limit` characters cut with a marker (`DiffRenderer.cut`).
    public static func console(_ text: String, keepNewlines: Bool = true, limit: Int = ConsoleReporter.lineLimit) -> String {
        escape(DiffRenderer.cut(text, limit), keepNewlines: keepNewlines, keepTabs: false)
    }

    public static func escape(_ text: String, keepNewlines: Bool = true, keepTabs: Bool = true) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isControl = value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value)
            let allowed = (keepTabs && scalar == "\t") || (keepNewlines && scalar == "\n")
            let forbiddenInXML = (0xD800...0xDFFF).contains(value) || value == 0xFFFE || value == 0xFFFF
            if (isControl && !allowed) || forbiddenInXML {
                result += value <= 0xFF ? "\\x" + hex(value, width: 2) : "\\u{" + hex(value, width: 4) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
