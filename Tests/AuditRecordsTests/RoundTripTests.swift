import AuditRecords
import Testing

/// Property: any record written the way the kernel writes it reads back identically.
struct RoundTripTests {
    /// A small deterministic generator (xorshift), so a failing case can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        mutating func word(_ alphabet: [Character], _ length: ClosedRange<Int>) -> String {
            String((0..<(length.lowerBound + next(length.count))).map { _ in alphabet[next(alphabet.count)] })
        }
    }

    static let nameCharacters = Array("abcdefghijklmnopqrstuvwxyz_-0123456789")
    static let bareCharacters = Array("abcdefghijklmnopqrstuvwxyzABCDEF0123456789:/._-,^()|")
    static let quotedCharacters = bareCharacters + [" ", "=", "'", "é", "$"]

    func randomRecord(_ generator: inout Generator) -> (String, [RecordField]) {
        let fields = (0..<(1 + generator.next(12))).map { _ -> RecordField in
            let name = generator.word(Self.nameCharacters, 1...10)
            if generator.next(3) == 0 {
                return RecordField(name: name, value: generator.word(Self.quotedCharacters, 0...20), quoting: .double)
            }
            return RecordField(name: name, value: generator.word(Self.bareCharacters, 1...20), quoting: .bare)
        }
        let line = "type=SYSCALL msg=audit(1700000000.\(generator.next(1000)):\(generator.next(1 << 30))): "
            + fields.map(\.rawText).joined(separator: " ")
        return (line, fields)
    }

    @Test func formattedRecordsParseBackIdentically() throws {
        var generator = Generator(state: 0x2545F4914F6CDD1D)
        let parser = RecordParser()
        for _ in 0..<5_000 {
            let (line, fields) = randomRecord(&generator)
            let record = try parser.parseLine(Array(line.utf8)).get()
            #expect(record.fields == fields, "\(line)")
            #expect(record.text == line)
            let again = "type=\(record.type) msg=\(record.stamp!): " + record.fields.map(\.rawText).joined(separator: " ")
            #expect(again == line)
        }
    }

    /// The same property over every way a line can be framed: a `node=` prefix, the type as a
    /// name, a number or `UNKNOWN[n]`, and auditd's enriched fields after the 0x1D separator.
    @Test func everyFramingParsesBackIdentically() throws {
        var generator = Generator(state: 0x9E3779B97F4A7C15)
        let parser = RecordParser(typeName: { $0 == 1300 ? "SYSCALL" : nil })
        for _ in 0..<3_000 {
            let (line, fields) = randomRecord(&generator)
            let body = String(line.drop { $0 != " " }.dropFirst())
            let node = generator.next(2) == 0 ? nil : generator.word(Self.nameCharacters, 1...8)
            let (typeText, name, number): (String, String, Int?) = switch generator.next(3) {
            case 0: ("SYSCALL", "SYSCALL", nil)  // a name is kept as written, without its number
            case 1: ("1300", "SYSCALL", 1300)
            default: ("UNKNOWN[1999]", "UNKNOWN[1999]", 1999)
            }
            let enriched = (0..<generator.next(3)).map { _ in
                RecordField(name: generator.word(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), 2...6), value: generator.word(Self.bareCharacters, 1...8), quoting: .double)
            }
            let framed = (node.map { "node=\($0) " } ?? "") + "type=\(typeText) " + body
                + (enriched.isEmpty ? "" : "\u{1D}" + enriched.map(\.rawText).joined(separator: " "))
            let record = try parser.parseLine(Array(framed.utf8)).get()
            #expect(record.fields == fields, "\(framed)")
            #expect(record.node == node, "\(framed)")
            #expect(record.type == name && record.typeNumber == number, "\(framed): \(record.type) \(String(describing: record.typeNumber))")
            #expect(record.enrichedFields == enriched, "\(framed)")
        }
    }

    /// Bytes that are not UTF-8, anywhere in a quoted value, are escaped (`\\xFF`) and nothing
    /// is lost: undoing the escapes gives the bytes written.
    @Test func bytesThatAreNotUTF8ComeBackWhenTheEscapesAreUndone() throws {
        var generator = Generator(state: 0xD1B54A32D192ED03)
        let parser = RecordParser()
        for _ in 0..<3_000 {
            let value: [UInt8] = (0..<(1 + generator.next(16))).map { _ in
                generator.next(3) == 0 ? UInt8(0x80 + generator.next(0x80)) : UInt8(Array("abc/._-".utf8)[generator.next(7)])
            }
            let line = Array("type=PATH msg=audit(1700000000.001:7): item=0 name=\"".utf8) + value + Array("\" nametype=CREATE".utf8)
            let record = try parser.parseLine(line).get()
            let name = try #require(record[field: "name"])
            #expect(Self.unescaped(name) == value, "\(name)")
            #expect(record[field: "nametype"] == "CREATE")
        }
    }

    /// `\\xHH` back into its byte; everything else as its UTF-8. Worked on bytes: a combining
    /// mark after the escape would join its hex digit into one Character.
    static func unescaped(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count, utf8[i + 1] == UInt8(ascii: "x"),
               let byte = UInt8(String(decoding: utf8[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                i += 4
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return bytes
    }
}
