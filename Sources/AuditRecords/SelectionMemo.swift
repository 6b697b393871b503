/// The field selection of each record type seen so far, kept by one parsing thread.
///
/// A log holds a few record types: comparing a record's type with each of them (short strings
/// compare in one step) is cheaper than asking the parser's selection, which hashes, for every
/// record. Past 32 types, a dictionary.
struct SelectionMemo {
    private var types: [String] = []
    private var answers: [FieldSelection] = []
    private var overflow: [String: FieldSelection] = [:]

    mutating func selection(for type: String, _ work: (String) -> FieldSelection) -> FieldSelection {
        if let index = types.firstIndex(of: type) { return answers[index] }
        if let known = overflow[type] { return known }
        let answer = work(type)
        if types.count < 32 {
            types.append(type)
            answers.append(answer)
        } else {
            overflow[type] = answer
        }
        return answer
    }
}
