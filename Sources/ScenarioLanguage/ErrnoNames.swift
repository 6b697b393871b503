import CErrnoNames

/// Errno names and numbers, from the C library itself rather than a table of our own.
public enum ErrnoNames {
    /// Every name the C library knows, by number.
    public static let byNumber: [Int32: String] = {
        var names: [Int32: String] = [:]
        for number in Int32(1)..<Int32(4096) {
            if let name = auditspec_errno_name(number) { names[number] = String(cString: name) }
        }
        return names
    }()

    public static let all: [String] = Array(Set(byNumber.values)).sorted()

    public static func number(of name: String) -> Int32? {
        byNumber.first { $0.value == name }?.key
    }

    public static func name(of number: Int32) -> String {
        byNumber[number] ?? "errno \(number)"
    }

    /// Looks like an errno name (E followed by capitals and digits), known or not.
    static func isErrnoName(_ text: String) -> Bool {
        text.count > 1 && text.first == "E" && text.allSatisfy { $0.isUppercase || $0.isNumber }
    }
}
