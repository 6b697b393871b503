extension ParseState {
    /// A statement that may run only inside a VM (`StatementPayload.virtualMachineOnly`) is an
    /// error at its place unless the scenario says `requires vm`. Run once the whole file is
    /// read, since `requires` may come after the statement.
    mutating func checkVirtualMachineOnly() {
        guard !scenario.requirements.contains(where: { $0.feature == .vm }) else { return }
        for step in scenario.steps {
            guard let reason = step.action.statement.virtualMachineOnly else { continue }
            let place = step.location
            diagnostics.append(Diagnostic(
                location: place,
                message: "\(reason): the scenario must say 'requires vm'",
                hint: "requires audit vm (it then runs only inside 'auditspec vm')",
                lineText: place.line - 1 < sourceLines.count ? sourceLines[place.line - 1] : ""))
        }
    }
}
