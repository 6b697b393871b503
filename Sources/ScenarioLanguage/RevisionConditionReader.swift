/// Reads the inside of a revision condition's brackets (`ghak90 >= v10`, `ghak90 v7..v8`), one
/// character at a time, each error at its column.
struct RevisionConditionReader {
    typealias ConditionError = RevisionCondition.ConditionError

    /// What the brackets say, with the columns of the patchset's name and of each revision.
    struct Read {
        var patchset: String
        var lowest: Int?
        var highest: Int?
        var text: String
        var nameColumn: Int
        var revisions: [(revision: Int, column: Int)]
    }

    private let inner: Substring
    private let column: Int
    private var index: Substring.Index
    /// Every revision written, with its column, for the check that a profile knows it.
    private var revisions: [(revision: Int, column: Int)] = []

    init(_ inner: Substring, column: Int) {
        self.inner = inner
        self.column = column
        self.index = inner.startIndex
    }

    mutating func condition() throws(ConditionError) -> Read {
        skipBlanks()
        let nameStart = index
        while index < inner.endIndex, inner[index].isLetter || inner[index].isNumber || inner[index] == "_" || inner[index] == "-" {
            advance()
        }
        let patchset = String(inner[nameStart..<index])
        guard !patchset.isEmpty, patchset.first?.isLetter == true else {
            throw ConditionError(message: "a revision condition starts with a patchset's name", column: columnOf(nameStart))
        }
        skipBlanks()
        let (lowest, highest) = try bounds()
        skipBlanks()
        guard index == inner.endIndex else {
            throw ConditionError(message: "unexpected '\(inner[index...])' in a revision condition", column: columnOf(index))
        }
        let text = inner.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return Read(patchset: patchset, lowest: lowest, highest: highest, text: text, nameColumn: columnOf(nameStart),
                    revisions: revisions)
    }

    /// The lowest and highest revision the comparison or the range lets through (nil: no bound).
    private mutating func bounds() throws(ConditionError) -> (Int?, Int?) {
        let operatorStart = index
        var comparison = ""
        while index < inner.endIndex, "<>=".contains(inner[index]) {
            comparison.append(inner[index])
            advance()
        }
        if comparison.isEmpty { return try range(from: operatorStart) }
        skipBlanks()
        let numberAt = index
        guard let number = revision() else {
            throw ConditionError(message: "'\(comparison)' is followed by a revision such as v10", column: columnOf(numberAt))
        }
        switch comparison {
        case ">=": return (number, nil)
        case ">": return (number + 1, nil)
        case "<=": return (nil, number)
        case "<": return (nil, number - 1)
        case "=", "==": return (number, number)
        default: throw ConditionError(message: "'\(comparison)' is not a comparison of revisions", column: columnOf(operatorStart))
        }
    }

    /// The range form: `vA..vB`.
    private mutating func range(from operatorStart: Substring.Index) throws(ConditionError) -> (Int?, Int?) {
        let expected = "a comparison and a revision, as in " + RevisionCondition.usage
        guard let first = revision() else { throw ConditionError(message: expected, column: columnOf(operatorStart)) }
        skipBlanks()
        guard inner[index...].hasPrefix("..") else { throw ConditionError(message: expected, column: columnOf(index)) }
        index = inner.index(index, offsetBy: 2)
        let secondAt = index
        guard let second = revision() else {
            throw ConditionError(message: "'..' is followed by the last revision of the range", column: columnOf(secondAt))
        }
        guard first <= second else {
            throw ConditionError(message: "a range goes from the lower revision to the higher", column: columnOf(operatorStart))
        }
        return (first, second)
    }

    /// `v10`, `V10` or `10`, at the current index.
    private mutating func revision() -> Int? {
        skipBlanks()
        let start = index
        if index < inner.endIndex, inner[index] == "v" || inner[index] == "V" { advance() }
        let digits = index
        while index < inner.endIndex, inner[index].isASCII, inner[index].isNumber { advance() }
        guard digits < index, let number = Int(inner[digits..<index]) else {
            index = start
            return nil
        }
        revisions.append((number, columnOf(start)))
        return number
    }

    private mutating func advance() { index = inner.index(after: index) }

    private mutating func skipBlanks() {
        while index < inner.endIndex, inner[index] == " " || inner[index] == "\t" { advance() }
    }

    private func columnOf(_ i: Substring.Index) -> Int { column + inner.distance(from: inner.startIndex, to: i) }
}
