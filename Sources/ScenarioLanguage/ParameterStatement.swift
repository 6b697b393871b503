/// `parameters NAME...` with one indented row of values per line under it:
///
/// ```
/// parameters contid address
///     123451 127.0.0.1
///     123452 ::1
/// ```
extension ParseState {
    static let parametersUsage = "parameters NAME... with one indented line of values per run below it"

    mutating func parameters(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        let place = location(line, column: keyword.column)
        // Even a wrong header opens its block, so its rows are not also reported as stray lines.
        openParameters = ParameterTable(names: [], location: place)
        openParametersHadErrors = true
        if let first = scenario.parameters {
            return error("a scenario has one 'parameters' table (the first is at line \(first.location.line))", line,
                         column: keyword.column, hint: "put every column in one table: parameters a b")
        }
        if let step = scenario.steps.first {
            return error("'parameters' comes before the steps (the first is at line \(step.location.line))", line,
                         column: keyword.column, hint: "move it under the scenario's title")
        }
        guard !args.isEmpty else {
            return error("'parameters' names the columns of its table", line, column: keyword.column + keyword.source.count + 1,
                         hint: Self.parametersUsage)
        }
        var names: [String] = []
        for word in args {
            guard !word.quoted, let name = word.literal, Self.isIdentifier(name) else {
                error("'\(word.source)' is not a parameter name (letters, digits and _, not starting with a digit)", line, column: word.column)
                continue
            }
            if BuiltinVariable(rawValue: name) != nil {
                error("'$\(name)' is given by the runner; a parameter cannot take its name", line, column: word.column)
                continue
            }
            if names.contains(name) {
                error("'\(name)' names two columns", line, column: word.column)
                continue
            }
            names.append(name)
        }
        guard names.count == args.count else { return }
        openParameters = ParameterTable(names: names, location: place)
        openParametersHadErrors = false
    }

    /// One indented row under `parameters`: as many values as the table has names.
    mutating func parameterRow(_ line: LogicalLine) {
        guard var table = openParameters else { return }
        let words: [Word]
        switch WordScanner.scan(line.text) {
        case .success(let scanned): words = scanned
        case .failure(let failure):
            openParametersHadErrors = true
            return error(failure.message, line, column: failure.column)
        }
        guard !openParametersHadErrors || !table.names.isEmpty else { return }
        var values: [String] = []
        for word in words {
            guard let value = word.literal else {
                openParametersHadErrors = true
                return error("a parameter value is plain text, not a variable", line, column: word.column,
                             hint: "write $$ for a literal $, or quote the value with single quotes")
            }
            values.append(value)
        }
        guard values.count == table.names.count else {
            openParametersHadErrors = true
            let names = table.names.joined(separator: " ")
            let column = values.count > table.names.count ? words[table.names.count].column
                : (words.last.map { $0.column + $0.source.count + 1 } ?? firstColumn(line))
            return error("this row has \(values.count) value\(values.count == 1 ? "" : "s"), but the table names \(table.names.count) (\(names))",
                         line, column: column, hint: "one value per name, in order; quote a value that holds a space")
        }
        let place = location(line, column: words.first?.column ?? firstColumn(line))
        if let same = table.rows.first(where: { $0.values == values }) {
            openParametersHadErrors = true
            return error("this row repeats the row at line \(same.location.line)", line, column: place.column)
        }
        table.rows.append(ParameterTable.Row(values: values, location: place))
        openParameters = table
    }

    /// The table is complete at the next statement: it binds its names for every later line.
    mutating func closeParameters() {
        guard let table = openParameters else { return }
        openParameters = nil
        if table.names.isEmpty { return }
        if table.rows.isEmpty, !openParametersHadErrors {
            diagnostics.append(Diagnostic(location: table.location, message: "'parameters' needs at least one row of values on an indented line below it",
                                          hint: "    " + table.names.map { "VALUE-OF-\($0)" }.joined(separator: " "),
                                          lineText: sourceLines[table.location.line - 1]))
        }
        scenario.parameters = table
        boundSoFar.formUnion(table.names)
    }

    /// A step that binds a parameter's name (`spawn contid ...`) would hide the row's value.
    mutating func refuseBindingAParameter(_ action: Action, _ line: LogicalLine) {
        guard let name = action.boundName, scenario.parameters?.names.contains(name) == true else { return }
        // The name a step binds is the word after its keyword (spawn NAME, agent NAME, fork CHILD).
        let words = (try? WordScanner.scan(line.text).get()) ?? []
        let column = words.dropFirst().first { $0.source == name }?.column ?? firstColumn(line)
        error("'\(name)' is a parameter of this scenario; a step cannot bind it again", line, column: column,
              hint: "give the step another name")
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
