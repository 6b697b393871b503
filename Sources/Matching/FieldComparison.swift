import AuditRecords
import ScenarioLanguage

/// Compares one expected field with what a record holds.
///
/// Values are compared as the kernel wrote them, quotes removed. A value the kernel
/// hex-encodes because it holds a space or an odd byte (proctitle, name, cwd, comm, exe)
/// also matches its decoded text, so a scenario can say `proctitle=perl -e ...` plainly.
public enum FieldComparison {
    public static func matches(_ matcher: FieldMatcher, field: String, actual: String?, variables: [String: String]) -> Bool {
        switch matcher {
        case .absent: return actual == nil
        case .present: return actual != nil
        case .regex(let pattern):
            guard let actual, let regex = try? Regex(pattern) else { return false }
            return (try? regex.wholeMatch(in: actual)) != nil
        case .equals(let template):
            guard let actual else { return false }
            let expected = template.render(variables)
            return actual == expected || (HexText.mayEncode(field) && HexText.decode(actual) == expected)
        }
    }

    /// The expected side as a reader should see it in a diff.
    public static func describe(_ matcher: FieldMatcher, variables: [String: String]) -> String {
        switch matcher {
        case .equals(let template): return template.render(variables)
        default: return matcher.description
        }
    }
}

/// The kernel's hex encoding of untrusted strings (audit_log_n_untrustedstring).
public enum HexText {
    /// Fields the kernel writes with audit_log_untrustedstring: quoted when plain, hex when
    /// they hold a space, a quote or a control byte. EXECVE's arguments (a0, a1[2]) too.
    public static func mayEncode(_ field: String) -> Bool {
        if ["proctitle", "name", "cwd", "comm", "exe", "key", "path", "data", "cmd", "old", "new"].contains(field) { return true }
        return field.first == "a" && field.dropFirst().first?.isNumber == true && !field.hasSuffix("_len")
    }

    public static func decode(_ text: String) -> String? {
        guard text.count >= 2, text.count % 2 == 0,
              text.allSatisfy({ $0.isHexDigit && !$0.isLowercase }) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        // proctitle separates argv with NUL; show it as spaces, as ausearch -i does.
        return ByteText.decode(bytes.map { $0 == 0 ? 0x20 : $0 })
    }
}
