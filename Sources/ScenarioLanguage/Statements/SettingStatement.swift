/// `set SETTING VALUE`: a machine-wide audit setting for the scenario's duration, put back
/// after it (`lost` 0 resets the counter, which cannot be put back).
public struct SettingStatement: StatementPayload {
    public var name: AuditSettingName
    public var value: UInt32

    public init(name: AuditSettingName, value: UInt32) {
        self.name = name
        self.value = value
    }

    public var changesGlobalState: Bool { true }
}

extension ParseState {
    static var settingUsage: String {
        "set backlog_limit 64 (settings: \(AuditSettingName.allCases.map(\.rawValue).joined(separator: ", ")))"
    }

    mutating func setting(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        let names = AuditSettingName.allCases.map(\.rawValue)
        guard args.count == 2 else {
            error("'set' takes a setting and a number", line, column: args.count > 2 ? args[2].column : keyword.column,
                  hint: Self.settingUsage)
            return
        }
        guard let name = AuditSettingName(rawValue: args[0].source), !args[0].quoted else {
            let near = Spelling.nearest(to: args[0].source, in: names)
            error("unknown setting '\(args[0].source)'", line, column: args[0].column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "settings: " + names.joined(separator: ", "))
            return
        }
        guard let value = UInt32(args[1].source) else {
            error("'\(name.rawValue)' takes a number from 0 to 4294967295", line, column: args[1].column)
            return
        }
        if let refusal = name.refusal(of: value) {
            error(refusal, line, column: args[1].column)
            return
        }
        add(.setting(SettingStatement(name: name, value: value)), line, keyword)
    }
}
