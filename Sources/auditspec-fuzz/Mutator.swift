/// Makes inputs from seeds: random bytes, and seeds changed the ways files really go wrong
/// (flipped and inserted bytes, bytes that are not UTF-8, control characters, quotes and `$`
/// that open but never close, cut lines, repeated lines). Seeded, so a failure can be replayed.
struct Mutator {
    private var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x9E3779B97F4A7C15 : seed }

    /// xorshift64*: small, fast, and the same sequence on every machine.
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2685821657736338717
    }

    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }

    /// Bytes the parsers treat specially, and some they must survive.
    static let interesting: [UInt8] = Array("=\"' $\\{}[]():#\t\n\r^,~!*".utf8) + [0x00, 0x1B, 0x1D, 0x7F, 0x80, 0xC3, 0xE9, 0xFE, 0xFF]

    mutating func randomBytes(_ maximum: Int) -> [UInt8] {
        (0..<below(maximum + 1)).map { _ in below(3) == 0 ? Self.interesting[below(Self.interesting.count)] : UInt8(truncatingIfNeeded: next()) }
    }

    mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0...below(4) {
            let position = below(bytes.count + 1)
            switch below(7) {
            case 0 where !bytes.isEmpty: bytes[min(position, bytes.count - 1)] ^= UInt8(1 << below(8))
            case 1: bytes.insert(Self.interesting[below(Self.interesting.count)], at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + below(16) + 1)
                bytes.removeSubrange(min(position, end)..<end)
            case 3: bytes.insert(contentsOf: randomBytes(8), at: position)
            case 4: bytes = Array(bytes.prefix(position))  // truncated
            case 5 where !bytes.isEmpty:
                let start = min(position, bytes.count - 1)
                let end = min(bytes.count, start + below(40) + 1)
                bytes.insert(contentsOf: bytes[start..<end], at: start)  // repeated piece
            default: bytes.insert(0x0A, at: position)
            }
        }
        return bytes
    }
}
