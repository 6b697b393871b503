/// `parameters NAME...` and the rows under it: one scenario run once per row, each row's values
/// bound to the names as variables (`$contid`, `$address`).
///
/// The rows become ordinary scenarios before anything runs (`Scenario.expanded()`): each one
/// is judged, reported and scheduled on its own, named by its values.
public struct ParameterTable: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public var values: [String]
        public var location: SourceLocation

        public init(values: [String], location: SourceLocation) {
            self.values = values
            self.location = location
        }
    }

    public var names: [String]
    public var rows: [Row]
    public var location: SourceLocation

    public init(names: [String], rows: [Row] = [], location: SourceLocation) {
        self.names = names
        self.rows = rows
        self.location = location
    }

    /// `contid=123451 address=::1`: how a row's scenario is told apart in reports.
    public func label(_ row: Row) -> String {
        zip(names, row.values).map { name, value in
            let shown = value.isEmpty || value.contains(where: { $0 == " " || $0 == "\t" }) ? "\"\(value)\"" : value
            return "\(name)=\(shown)"
        }.joined(separator: " ")
    }
}

extension Scenario {
    /// One scenario per row of its parameter table (itself when it has none): the row's values
    /// become variables given from the start, and its title ends with them, `[contid=123451]`.
    public func expanded() -> [Scenario] {
        guard let table = parameters else { return [self] }
        return table.rows.enumerated().map { index, row in
            var scenario = self
            scenario.parameters = nil
            scenario.title = "\(title) [\(table.label(row))]"
            scenario.arguments = Dictionary(zip(table.names, row.values)) { first, _ in first }
            scenario.parameterRow = index + 1
            return scenario
        }
    }

    /// How a command line names this one scenario: the file, or `FILE#N` for row N of its
    /// table (how `auditspec vm` hands its guest the rows still to run).
    public var selector: String {
        parameterRow.map { "\(path)#\($0)" } ?? path
    }
}
