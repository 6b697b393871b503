/// Signal names as scenarios write them (`TERM`, `SIGTERM`, `0`), with their Linux numbers.
///
/// The language knows nothing of the kernel it runs on, and these numbers are the same on
/// every architecture the suite runs on (x86_64, arm64), so the table lives here, and a
/// misspelt name is caught when the file is read rather than when the signal is sent.
public enum SignalNames {
    public static let numbers: [String: Int32] = [
        "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8, "KILL": 9,
        "USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "STKFLT": 16,
        "CHLD": 17, "CONT": 18, "STOP": 19, "TSTP": 20, "TTIN": 21, "TTOU": 22, "URG": 23,
        "XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28, "IO": 29, "PWR": 30, "SYS": 31,
    ]

    /// `TERM`, `SIGTERM` or a number from 0 (the permission check alone) to 64.
    public static func number(of text: String) -> Int32? {
        if let number = Int32(text) { return (0...64).contains(number) ? number : nil }
        let bare = text.hasPrefix("SIG") ? String(text.dropFirst(3)) : text
        return numbers[bare]
    }

    public static var all: [String] { numbers.keys.sorted() }
}
