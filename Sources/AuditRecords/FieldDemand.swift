import Synchronization

/// Whether anything still needs the fields of the records a `LogReader` reads.
///
/// A replay settles most verdicts long before the log ends; after that the rest of the log is
/// only grouped and counted. The caller says so on its thread; the reader's parsing threads
/// look before each record.
public final class FieldDemand: Sendable {
    private let over = Atomic<Bool>(false)

    public init() {}

    public var isOver: Bool { over.load(ordering: .relaxed) }

    /// No record read from now on needs its fields or its text.
    public func end() { over.store(true, ordering: .relaxed) }
}
