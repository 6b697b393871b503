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
}
