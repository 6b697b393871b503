/// Turns bytes from the kernel or a log into a String without losing any of them.
///
/// Audit text is mostly ASCII, but a path, a comm or a proctitle can hold any byte.
/// Valid UTF-8 is kept as it is; every byte that is not part of valid UTF-8 becomes
/// the four characters `\xNN`, so the text stays printable and nothing is dropped.
public enum ByteText {
    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let buffer = Array(bytes)
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

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
