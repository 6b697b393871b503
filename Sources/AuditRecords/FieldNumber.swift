/// Numbers in record fields, written the way the kernel prints them or the way a person does.
///
/// Most numeric fields are decimal (`pid=`, `exit=`, `ses=`). A few the kernel prints in hex
/// without `0x`: audit_log_exit's `arch=%x` and `a0..a3=%lx` of SYSCALL, SOCKETCALL's `a%d=%lx`,
/// SECCOMP's `arch=%x`. Pasted or hand-written expectations spell those with or without `0x`
/// (ausearch -i prints `a0=0x...` for an argument it cannot name), so for these fields the
/// spelling does not matter, only the number.
public enum FieldNumber {
    /// Whether the kernel prints `field` of a `type` record in hex without `0x`.
    /// EXECVE's `a0`, `a1` are strings, not numbers: only SYSCALL's and SOCKETCALL's are hex.
    public static func isHex(_ field: String, type: String) -> Bool {
        if field == "arch" { return true }
        guard type == "SYSCALL" || type == "SOCKETCALL" else { return false }
        let bytes = field.utf8
        guard bytes.count >= 2, bytes.first == 0x61 else { return false }  // 'a'
        return bytes.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A hex field's value: hex digits, `0x` optional, at most 64 bits.
    public static func hex(_ text: String) -> UInt64? {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.count <= 16, digits.allSatisfy(\.isHexDigit) else { return nil }
        return UInt64(digits, radix: 16)
    }

    /// A decimal field's value: an optional `-` and digits, or `0x` and hex digits (NETFILTER_PKT's
    /// `mark=0x...`). Wide enough for every spelling of an unset id (18446744073709551615, -1).
    public static func decimal(_ text: String) -> Int128? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let digits = text.dropFirst(2)
            guard !digits.isEmpty, digits.count <= 16, digits.allSatisfy(\.isHexDigit) else { return nil }
            return UInt64(digits, radix: 16).map { Int128($0) }
        }
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.count <= 20, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int128(text)
    }

    /// The value of `text` as field `field` of a `type` record, as a number that orders the way
    /// the field does: hex fields as unsigned 64-bit numbers, others as signed decimals.
    public static func value(_ text: String, field: String, type: String) -> Int128? {
        isHex(field, type: type) ? hex(text).map { Int128($0) } : decimal(text)
    }

    /// Whether two hex argument values are the same number. A negative int argument (AT_FDCWD,
    /// -100) reaches the kernel zero-extended (`ffffff9c`) or sign-extended (`ffffffffffffff9c`)
    /// depending on how user space filled the 64-bit register; both are the same argument, so
    /// the 32-bit form with its top bit set matches its sign extension. This could confuse an
    /// unsigned argument 0xffffff9c with 0xffffffffffffff9c, but no syscall argument tells those
    /// apart by meaning (the high half of a user pointer is never all ones).
    public static func sameArgument(_ left: UInt64, _ right: UInt64) -> Bool {
        left == right || signExtended(left) == right || left == signExtended(right)
    }

    /// The 64-bit sign extension of a 32-bit value whose top bit is set; the value itself otherwise.
    static func signExtended(_ value: UInt64) -> UInt64 {
        guard value <= 0xFFFF_FFFF, value & 0x8000_0000 != 0 else { return value }
        return value | 0xFFFF_FFFF_0000_0000
    }
}
