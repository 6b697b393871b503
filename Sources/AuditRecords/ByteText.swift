#if canImport(Glibc)
import Glibc
#endif

/// Turns bytes from the kernel or a log into a String without losing any of them.
///
/// Audit text is mostly ASCII, but a path, a comm or a proctitle can hold any byte.
/// Valid UTF-8 is kept as it is; every byte that is not part of valid UTF-8 becomes
/// the four characters `\xNN`, so the text stays printable and nothing is dropped.
public enum ByteText {
    public static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        // Audit text is almost always ASCII: check that cheaply and build the string directly.
        let fast: String? = bytes.withUnsafeBufferPointer { buffer in
            var ascii = true
            for byte in buffer where byte >= 0x80 { ascii = false; break }
            return ascii ? String(decoding: buffer, as: UTF8.self) : String(validating: buffer, as: UTF8.self)
        }
        return fast ?? escaping(Array(bytes))
    }

    public static func decode(_ bytes: [UInt8]) -> String { decode(bytes[...]) }

    /// The same, for bytes in memory the caller holds (the record parser's hot path).
    static func decode(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        var ascii = true
        for byte in buffer where byte >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: buffer, as: UTF8.self) }
        return String(validating: buffer, as: UTF8.self) ?? escaping(Array(buffer))
    }

    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        decode(Array(bytes)[...])
    }

    /// The slow path: valid UTF-8 kept, every other byte written as \xNN.
    private static func escaping(_ buffer: [UInt8]) -> String {
        var result = ""
        var start = 0
        // Decode scalar by scalar; on an error, escape one byte and resynchronise after it.
        // A fresh decoder each time: a decoder keeps bytes it read ahead, which must not be read twice.
        while start < buffer.count {
            var decoder = UTF8()
            var iterator = buffer[start...].makeIterator()
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                result.unicodeScalars.append(scalar)
                start += UTF8.width(scalar)
            case .error:
                result += "\\x" + hex(buffer[start])
                start += 1
            case .emptyInput:
                start = buffer.count
            }
        }
        return result
    }

    public static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

extension ArraySlice where Element == UInt8 {
    /// Whether the bytes begin with `prefix`: one memory comparison, for the tests every line of
    /// a large log goes through.
    func begins(with prefix: [UInt8]) -> Bool {
        guard count >= prefix.count else { return false }
        return withUnsafeBufferPointer { bytes in
            prefix.withUnsafeBufferPointer { memcmp(bytes.baseAddress!, $0.baseAddress!, prefix.count) == 0 }
        }
    }
}
