import AuditRecords
import ScenarioLanguage
import SystemTypes

/// Compares one expected field with what a record holds.
///
/// A value matches when it is the same text, or means the same:
/// - a value the kernel hex-encodes (proctitle, name, ...) matches its decoded text, when the
///   kernel did encode it: printed bare in a raw record. A quoted value, and every value of
///   `ausearch -i` text, is text as it stands (`a1="30"` is the two characters 3 and 0);
/// - raw and interpreted forms match each other, through libauparse (`syscall=257` and
///   `syscall=openat`, `uid=0` and `uid=root`), whichever side is raw;
/// - `unset` matches the raw spellings of an unset identifier (-1, 4294967295, 18446744073709551615);
/// - a comma list matches the same members in any order (`contid=123452,123451`), and a
///   nested contid chain (`4,^2,^1`) matches only in its order; a value that is not such a
///   list (`mode=file,644`) is still compared through libauparse;
/// - a field the kernel prints in hex without `0x` (SYSCALL's a0..a3, arch) matches the same
///   number however it is spelt (`0x1b6`, `1b6`; see FieldNumber.sameArgument for AT_FDCWD).
/// `name~=REGEX` sees the text `=` sees: the decoded text of a hex-encoded value, and, in a
/// raw record, libauparse's interpretation too.
/// `name>=3` and the other orderings compare numbers; `name!=value` is the negation of `=`.
/// A variable without a value (replay of a log, where no action bound `$child`) captures what
/// stands in its place, and keeps that value for the rest of the scenario.
public enum FieldComparison {
    /// A quick look before the full comparison: true when this field surely does not match.
    static func surelyFails(_ matcher: FieldMatcher, field: String, in record: AuditRecord, bindings: [String: String]) -> Bool {
        guard case .equals(let template) = matcher, template.isBound(by: bindings) else { return false }
        guard let actual = record[field: field] else { return true }
        return ValueEquivalence.definitelyDifferent(expected: template.render(bindings), actual: actual, field: field, type: record.type)
    }

    public static func matches(_ matcher: FieldMatcher, field: String, in record: AuditRecord,
                               bindings: inout [String: String]) -> Bool {
        let actual = record[field: field]
        switch matcher {
        case .absent: return actual == nil
        case .present: return actual != nil
        case .regex(let pattern):
            guard let actual, let regex = try? Regex(pattern) else { return false }
            let decoded = HexText.decodedValue(field, in: record)
            let text = decoded ?? actual
            if (try? regex.wholeMatch(in: text)) != nil { return true }
            // The kernel's hex spelling, as `=` matches it: printed in a raw record, and spelt
            // again from the text in ausearch -i's, where the kernel would have encoded it.
            if decoded != nil, (try? regex.wholeMatch(in: actual)) != nil { return true }
            if record.form == .interpreted, HexText.mayEncode(field, type: record.type),
               let hex = HexText.kernelSpelling(of: actual, field: field), (try? regex.wholeMatch(in: hex)) != nil { return true }
            // A user message is the same without the quotes ausearch -i drops (see `same`).
            if record.pair(named: field)?.quoting == .single, text.utf8.contains(0x22),
               (try? regex.wholeMatch(in: ValueEquivalence.unquoted(text))) != nil { return true }
            guard record.form == .raw, let spoken = RecordInterpreter.interpret(field, of: record), spoken != text else { return false }
            return (try? regex.wholeMatch(in: spoken)) != nil
        case .equals(let template):
            guard let actual else { return false }
            if template.isBound(by: bindings) {
                return ValueEquivalence.same(expected: template.render(bindings), actual: actual, field: field, record: record)
            }
            let decoded = HexText.decodedValue(field, in: record)
            for candidate in [actual] + [decoded].compactMap({ $0 }) {
                if let captured = TemplateCapture.match(template, against: candidate, bindings: bindings) {
                    bindings.merge(captured) { old, _ in old }
                    return true
                }
            }
            return false
        case .relation(let relation, let template):
            // Nothing to capture: a comparison only holds against a value already known.
            guard let actual, template.isBound(by: bindings) else { return false }
            let expected = template.render(bindings)
            guard relation.isOrdering else {
                return !ValueEquivalence.same(expected: expected, actual: actual, field: field, record: record)
            }
            guard let wanted = FieldNumber.value(expected, field: field, type: record.type),
                  let got = number(actual, field: field, in: record) else { return false }
            return relation.holds(got, wanted)
        }
    }

    /// A record's value as a number; an interpreted `exit=ENOENT(No such file or directory)`
    /// is the negative errno the kernel wrote.
    static func number(_ actual: String, field: String, in record: AuditRecord) -> Int128? {
        if let number = FieldNumber.value(actual, field: field, type: record.type) { return number }
        guard record.form == .interpreted, field == "exit", let open = actual.firstIndex(of: "("),
              let errno = Errno(named: String(actual[..<open])) else { return nil }
        return -Int128(errno.rawValue)
    }

    /// The expected side as a reader should see it in a diff.
    public static func describe(_ matcher: FieldMatcher, variables: [String: String]) -> String {
        switch matcher {
        case .equals(let template): return template.render(variables)
        case .relation(let relation, let template): return relation.rawValue + template.render(variables)
        default: return matcher.description
        }
    }
}

/// When two spellings of a value mean the same thing.
enum ValueEquivalence {
    static let unsetSpellings: Set<String> = ["-1", "4294967295", "18446744073709551615"]

    /// `unsetSpellings.contains`, by comparison rather than hashing: asked for every record of a replay.
    static func isUnsetSpelling(_ value: String) -> Bool {
        value == "-1" || value == "4294967295" || value == "18446744073709551615"
    }

    static func same(expected: String, actual: String, field: String, record: AuditRecord) -> Bool {
        if expected == actual { return true }
        if let decoded = HexText.decodedValue(field, in: record) { return decoded == expected }
        // A user message (`msg='... exe="/bin/su" ...'`): ausearch -i drops the quotes of the
        // pairs inside, so they are no part of the value.
        if record.pair(named: field)?.quoting == .single, unquoted(expected) == unquoted(actual) { return true }
        // The kernel's hex spelling of a value ausearch -i shows decoded.
        if record.form == .interpreted, HexText.mayEncode(field, type: record.type),
           let text = HexText.kernelEncoded(expected), text == actual { return true }
        if expected == "unset", isUnsetSpelling(actual) { return true }
        if isUnsetSpelling(expected), actual == "unset" || isUnsetSpelling(actual) { return true }
        // A list of the same members is the same; any other comma value (`mode=file,644`, a
        // list of other members) may still be an interpreted spelling, judged below.
        if expected.utf8.contains(0x2C) || actual.utf8.contains(0x2C), sameList(expected, actual) { return true }
        let hexField = FieldNumber.isHex(field, type: record.type)
        if hexField, let left = FieldNumber.hex(expected), let right = FieldNumber.hex(actual) {
            return FieldNumber.sameArgument(left, right)
        }
        // `exit=ENOENT` names what ausearch -i prints as `ENOENT(No such file or directory)`.
        if record.form == .interpreted, spokenName(actual) == Substring(expected) { return true }
        // Only a raw/interpreted pair can differ in spelling yet mean the same; skipping the
        // interpreter otherwise keeps replay of large logs fast.
        guard looksRaw(expected, hexField: hexField) != looksRaw(actual, hexField: hexField) else { return false }
        switch record.form {
        case .raw:
            guard let spoken = RecordInterpreter.interpret(field, of: record) else { return false }
            return spoken == expected || spokenName(spoken) == Substring(expected)
        case .interpreted:
            // libauparse reads a hex field in the kernel's spelling, without 0x.
            let raw = hexField ? FieldNumber.hex(expected).map { String($0, radix: 16) } ?? expected : expected
            let context = RawContext.raw(of: record)
            return RecordInterpreter.interpret(value: raw, field: field, type: record.type, context: context) == actual
        }
    }

    static func unquoted(_ text: String) -> String {
        text.utf8.contains(0x22) ? text.replacingOccurrences(of: "\"", with: "") : text
    }

    /// The name of an interpretation that gives its meaning in parentheses after it, as
    /// libauparse does for an errno (`ENOENT(No such file or directory)`); nil otherwise.
    static func spokenName(_ value: String) -> Substring? {
        guard value.utf8.last == 0x29, let open = value.firstIndex(of: "("), open > value.startIndex else { return nil }
        return value[..<open]
    }

    /// Whether a value is spelt as the kernel writes the field: a number (in a hex field, any
    /// hex digits, `f` as much as `1b6`).
    static func looksRaw(_ value: String, hexField: Bool) -> Bool {
        hexField ? FieldNumber.hex(value) != nil : looksNumeric(value)
    }

    /// Set comparison for plain comma lists; chain (ordered) comparison when `^` marks nesting.
    static func sameList(_ expected: String, _ actual: String) -> Bool {
        let left = expected.split(separator: ",", omittingEmptySubsequences: false)
        let right = actual.split(separator: ",", omittingEmptySubsequences: false)
        if expected.utf8.contains(0x5E) || actual.utf8.contains(0x5E) { return left == right }  // '^' 
        return Set(left) == Set(right) && left.count == right.count
    }

    /// Decimal, negative, or hexadecimal with at least one digit: how raw values look.
    static func looksNumeric(_ value: String) -> Bool {
        var digits = value.utf8[...]
        if digits.first == 0x2D { digits = digits.dropFirst() }  // '-'
        if digits.starts(with: [0x30, 0x78]) { digits = digits.dropFirst(2) }  // "0x"
        var sawDigit = false
        for byte in digits {
            switch byte {
            case 0x30...0x39: sawDigit = true
            case 0x41...0x46, 0x61...0x66: continue
            default: return false
            }
        }
        return sawDigit
    }

    /// True when no rule of `same` could make these equal: a cheap test that lets a matcher
    /// pass over a record before it asks libauparse anything.
    static func definitelyDifferent(expected: String, actual: String, field: String, type: String) -> Bool {
        if expected == actual { return false }
        if FieldNumber.isHex(field, type: type), let left = FieldNumber.hex(expected), let right = FieldNumber.hex(actual) {
            return !FieldNumber.sameArgument(left, right)
        }
        let hexField = FieldNumber.isHex(field, type: type)
        if looksRaw(expected, hexField: hexField) != looksRaw(actual, hexField: hexField) { return false }  // interpretation may apply
        if spokenName(actual) == Substring(expected) { return false }
        if expected == "unset" || isUnsetSpelling(expected) { return false }
        if expected.utf8.contains(0x2C) || actual.utf8.contains(0x2C) { return false }
        if HexText.mayEncode(field, type: type), HexText.decode(actual) == expected { return false }
        if expected.utf8.contains(0x22) || actual.utf8.contains(0x22) { return false }  // a user message's quotes
        return true
    }
}

/// The raw spelling of the context fields an interpretation depends on (arch, syscall),
/// recovered from their interpreted spelling through libaudit's tables.
enum RawContext {
    static func raw(of record: AuditRecord) -> [RecordField] {
        guard let arch = record[field: "arch"] else { return [] }
        var context = AuditArch.raw(interpretedArch: arch).map { [RecordField(name: "arch", value: $0)] } ?? []
        if let syscall = record[field: "syscall"], let number = AuditArch.rawSyscall(syscall, interpretedArch: arch) {
            context.append(RecordField(name: "syscall", value: number))
        }
        return context
    }
}

/// The kernel's hex encoding of untrusted strings (audit_log_untrustedstring).
public enum HexText {
    /// Fields the kernel writes with audit_log_untrustedstring: quoted when plain, hex when
    /// they hold a space, a quote or a control byte. EXECVE's arguments (a0, a1[2]) too, and
    /// only EXECVE's: SYSCALL's a0..a3 are numbers in hex.
    public static func mayEncode(_ field: String, type: String) -> Bool {
        switch field {
        case "proctitle", "name", "cwd", "comm", "exe", "key", "path", "data", "cmd", "old", "new": return true
        default:
            guard type == "EXECVE" else { return false }
            let bytes = field.utf8
            guard bytes.first == 0x61, let second = bytes.dropFirst().first, second >= 0x30, second <= 0x39 else { return false }  // a0, a1[2]
            return !field.hasSuffix("_len")
        }
    }

    /// Whether the kernel may hex-encode `field` on some record type (EXECVE's a0, a1 counted).
    public static func mayEncode(_ field: String) -> Bool { mayEncode(field, type: "EXECVE") }

    /// The text of a record's value when the kernel hex-encoded it: a bare value of a field the
    /// kernel may encode, in a raw record. nil for every other value, which is text as it stands.
    public static func decodedValue(_ field: String, in record: AuditRecord) -> String? {
        guard record.form == .raw, let pair = record.pair(named: field), pair.quoting == .bare,
              mayEncode(field, type: record.type) else { return nil }
        return decode(pair.value)
    }

    /// How the kernel would have written `text` (decoded, as ausearch -i shows it): in hex when
    /// it holds a byte the kernel encodes, nil when the kernel would have quoted it. ausearch -i
    /// shows proctitle's NUL separators as blanks, so there a blank is spelt 00.
    public static func kernelSpelling(of text: String, field: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == 0x22 || $0 < 0x21 || $0 > 0x7E }) else { return nil }
        return bytes.map { ByteText.hex(field == "proctitle" && $0 == 0x20 ? 0 : $0) }.joined()
    }

    /// The text `hex` spells when it is what the kernel would have written for that text: hex
    /// of bytes among which one (a blank, a quote, a control or non-ASCII byte) made the kernel
    /// encode them. nil for any other value.
    public static func kernelEncoded(_ hex: String) -> String? {
        guard let text = decode(hex) else { return nil }
        let bytes = stride(from: 0, to: hex.utf8.count, by: 2).compactMap { UInt8(hex.dropFirst($0).prefix(2), radix: 16) }
        return bytes.contains { $0 == 0x22 || $0 < 0x21 || $0 > 0x7E } ? text : nil
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
