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
        var reader = RevisionConditionReader(inner, column: column)
        do {
            let read = try reader.condition()
            return .success(RevisionCondition(
                patchset: read.patchset, lowest: read.lowest, highest: read.highest, text: read.text, location: place(read.nameColumn),
                written: read.revisions.map { WrittenRevision(revision: $0.revision, location: place($0.column)) }))
        } catch {
            return .failure(error)
        }
    }

    struct ConditionError: Error {
        var message: String
        var column: Int
    }
}
