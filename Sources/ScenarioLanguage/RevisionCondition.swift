/// `[ghak90 >= v10]` before a step, an `expect` line, a record or a line of fields: that part
/// applies only when the profile in force for the patchset has a revision in the range.
///
/// The patches under test changed what they log from one posting to the next (ghak90 V8 dropped
/// CONTAINER_OP's subject fields, V10 added `record=` links); a scenario states each difference
/// where it lies instead of asserting only what every revision shares.
public struct RevisionCondition: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The patchset a profile names (`ghak90`, `nsinfo`).
    public var patchset: String
    /// The revisions the part applies to; nil bounds are open.
    public var lowest: Int?
    public var highest: Int?
    /// As written, without the brackets (`ghak90 >= v10`), for reports and errors.
    public var text: String
    /// Where the patchset's name was written.
    public var location: SourceLocation
    /// Each revision number written, with where, so one that no profile knows is pointed at.
    public var written: [WrittenRevision]

    public struct WrittenRevision: Hashable, Sendable, Codable {
        public var revision: Int
        public var location: SourceLocation
    }

    public func holds(forRevision revision: Int) -> Bool {
        (lowest.map { revision >= $0 } ?? true) && (highest.map { revision <= $0 } ?? true)
    }

    public var description: String { "[\(text)]" }

    /// The comparisons a condition may use, and the range form `vA..vB`.
    public static let usage = "[ghak90 >= v10], [ghak90 <= v9], [ghak90 = v11], [ghak90 < v8], [ghak90 > v7], [ghak90 v7..v8]"

    /// Reads the inside of the brackets. `column` is the 1-based column of its first character;
    /// `place` turns a column into a location. On failure: the message and its column.
    static func parse(_ inner: Substring, column: Int, place: (Int) -> SourceLocation) -> Result<RevisionCondition, ConditionError> {
        var index = inner.startIndex
        func columnOf(_ i: Substring.Index) -> Int { column + inner.distance(from: inner.startIndex, to: i) }
        func skipBlanks() { while index < inner.endIndex, inner[index] == " " || inner[index] == "\t" { index = inner.index(after: index) } }
        skipBlanks()
        let nameStart = index
        while index < inner.endIndex, inner[index].isLetter || inner[index].isNumber || inner[index] == "_" || inner[index] == "-" {
            index = inner.index(after: index)
        }
        let patchset = String(inner[nameStart..<index])
        guard !patchset.isEmpty, patchset.first?.isLetter == true else {
            return .failure(ConditionError(message: "a revision condition starts with a patchset's name", column: columnOf(nameStart)))
        }
        skipBlanks()
        var written: [WrittenRevision] = []
        /// `v10`, `V10` or `10`, at the current index.
        func revision() -> Int? {
            skipBlanks()
            let start = index
            if index < inner.endIndex, inner[index] == "v" || inner[index] == "V" { index = inner.index(after: index) }
            let digits = index
            while index < inner.endIndex, inner[index].isASCII, inner[index].isNumber { index = inner.index(after: index) }
            guard digits < index, let number = Int(inner[digits..<index]) else { index = start; return nil }
            written.append(WrittenRevision(revision: number, location: place(columnOf(start))))
            return number
        }
        var lowest: Int?
        var highest: Int?
        let operatorStart = index
        var comparison = ""
        while index < inner.endIndex, "<>=".contains(inner[index]) {
            comparison.append(inner[index])
            index = inner.index(after: index)
        }
        let expected = "a comparison and a revision, as in " + usage
        if comparison.isEmpty {
            // The range form: vA..vB.
            guard let first = revision() else { return .failure(ConditionError(message: expected, column: columnOf(operatorStart))) }
            skipBlanks()
            guard inner[index...].hasPrefix("..") else { return .failure(ConditionError(message: expected, column: columnOf(index))) }
            index = inner.index(index, offsetBy: 2)
            let secondAt = index
            guard let second = revision() else { return .failure(ConditionError(message: "'..' is followed by the last revision of the range", column: columnOf(secondAt))) }
            guard first <= second else {
                return .failure(ConditionError(message: "a range goes from the lower revision to the higher", column: columnOf(operatorStart)))
            }
            (lowest, highest) = (first, second)
        } else {
            skipBlanks()
            let numberAt = index
            guard let number = revision() else {
                return .failure(ConditionError(message: "'\(comparison)' is followed by a revision such as v10", column: columnOf(numberAt)))
            }
            switch comparison {
            case ">=": lowest = number
            case ">": lowest = number + 1
            case "<=": highest = number
            case "<": highest = number - 1
            case "=", "==": (lowest, highest) = (number, number)
            default:
                return .failure(ConditionError(message: "'\(comparison)' is not a comparison of revisions", column: columnOf(operatorStart)))
            }
        }
        skipBlanks()
        guard index == inner.endIndex else {
            return .failure(ConditionError(message: "unexpected '\(inner[index...])' in a revision condition", column: columnOf(index)))
        }
        let text = inner.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return .success(RevisionCondition(patchset: patchset, lowest: lowest, highest: highest, text: text,
                                          location: place(columnOf(nameStart)), written: written))
    }

    struct ConditionError: Error {
        var message: String
        var column: Int
    }
}
