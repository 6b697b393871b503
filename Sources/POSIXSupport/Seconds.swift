/// Durations as people read them in messages: "30", "1.5", "0.25" (seconds, no trailing zeros).
public enum Seconds {
    public static func text(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = thousandths % 1000
        guard fraction != 0 else { return "\(thousandths / 1000)" }
        var digits = String(String(fraction + 1000).dropFirst())
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(thousandths / 1000).\(digits)"
    }
}
