/// The comparisons an expected field may make besides `=`: `exit>=3`, `pid>1`, `items<5`,
/// `ses!=4294967295`.
///
/// The four orderings compare numbers (decimal, or hex for the fields the kernel prints in
/// hex). `!=` is the negation of `=` with all its equivalences (raw and interpreted spellings,
/// `unset`, hex arguments), so it works for text too: `uid!=root`, `ses!=unset`.
public enum FieldRelation: String, Hashable, Sendable, Codable, CaseIterable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case notEqual = "!="

    /// Whether the relation compares numbers only (every one but `!=`).
    public var isOrdering: Bool { self != .notEqual }

    /// Whether `left` stands in this relation to `right`.
    public func holds<T: Comparable>(_ left: T, _ right: T) -> Bool {
        switch self {
        case .less: return left < right
        case .lessOrEqual: return left <= right
        case .greater: return left > right
        case .greaterOrEqual: return left >= right
        case .notEqual: return left != right
        }
    }
}
