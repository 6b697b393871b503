import AuditRecords
import SystemTypes

/// Finds expected values no record could ever hold, in the fields whose spellings are known:
/// `exit=ENOENTX` names no errno, `syscall=opn` no syscall, `a1=SIGTREM` no signal. Such a
/// value would fail every event with no hint why, so it is an error when the file is read.
///
/// Only literal values are judged (a `$variable` is known only when the event is), and only
/// in fields whose every spelling is known: a number (hex in SYSCALL's a0..a3), or a name
/// libaudit or the C library gives it.
public enum ValueSpellingCheck {
    public static func diagnostics(for scenario: Scenario) -> [Diagnostic] {
        var lines = ScenarioFileLines(path: scenario.path)
        var found: [Diagnostic] = []
        for record in scenario.expectations.flatMap(\.records) {
            for field in record.fields {
                let template: Template
                let operatorWidth: Int
                switch field.matcher {
                case .equals(let given): (template, operatorWidth) = (given, 1)
                case .relation(.notEqual, let given): (template, operatorWidth) = (given, 2)
                default: continue
                }
                guard template.variables.isEmpty else { continue }
                let value = template.render([:])
                guard let (message, hint) = problem(value, field: field.name, type: record.type) else { continue }
                let column = field.location.column + field.name.count + operatorWidth
                found.append(Diagnostic(location: SourceLocation(file: field.location.file, line: field.location.line, column: column),
                                        message: message, hint: hint, lineText: lines.line(field.location.line)))
            }
        }
        return found
    }

    /// Why `value` can never be field `field` of a `type` record, with a hint; nil when it can.
    static func problem(_ value: String, field: String, type: String) -> (String, String?)? {
        switch field {
        case "exit":
            if FieldNumber.decimal(value) != nil { return nil }
            let name = value.firstIndex(of: "(").map { String(value[..<$0]) } ?? value
            if value.contains("("), !value.hasSuffix(")") { break }
            if Errno(named: name) != nil { return nil }
            return ("'\(value)' can never match exit: it is no number and no errno name",
                    Spelling.nearest(to: name, in: Errno.allNames).map { "did you mean '\($0)'?" } ?? "write a number (-2) or an errno name (ENOENT)")
        case "syscall" where type == "SYSCALL":
            if FieldNumber.decimal(value) != nil || AuditArch.isSyscallName(value) { return nil }
            return ("'\(value)' can never match syscall: libaudit knows no syscall of that name", "write a number or a syscall name (openat)")
        case "success" where type == "SYSCALL":
            if value == "yes" || value == "no" { return nil }
            return ("'\(value)' can never match success: the kernel writes yes or no", nil)
        case "arch":
            if FieldNumber.hex(value) != nil || AuditArch.isMachineName(value) { return nil }
            return ("'\(value)' can never match arch: it is no AUDIT_ARCH number and no machine name", "write c000003e or x86_64")
        default:
            // SYSCALL's arguments are numbers in hex, or what libauparse makes of them; of those,
            // a signal's name is the one a scenario can misspell and still look like a name.
            if FieldNumber.isHex(field, type: type), FieldNumber.hex(value) == nil, value.hasPrefix("SIG"),
               SignalNames.number(of: value) == nil {
                return ("'\(value)' can never match \(field): it is no number and no signal name",
                        Spelling.nearest(to: String(value.dropFirst(3)), in: SignalNames.all).map { "did you mean 'SIG\($0)'?" })
            }
            return nil
        }
        return ("'\(value)' can never match exit: it is no number and no errno name", "write a number (-2) or an errno name (ENOENT)")
    }
}
