import Foundation

/// `socketcall connect ADDRESS:PORT [by AGENT] [=> OUTCOME]`: the i386 socketcall(2) a 32-bit
/// program makes for connect(2) (SYS_CONNECT, 3) of a new TCP socket to ADDRESS:PORT, by an
/// agent (nil: the runner). ADDRESS is IPv4 (`127.0.0.1:42424`) or IPv6 in brackets
/// (`[::1]:42424`), written as it stands (no variables: it is checked when the file is read).
public struct SocketcallStatement: StatementPayload {
    /// The socketcall calls the statement makes, with their SYS_* numbers (linux/net.h).
    public enum Call: String, CaseIterable, Hashable, Sendable {
        case connect
        public var number: Int32 {
            switch self {
            case .connect: 3
            }
        }
    }

    public var call: Call
    /// The address as written, without brackets.
    public var address: String
    public var port: UInt16
    public var isIPv6: Bool
    public var actor: String?
    public var outcome: ExpectedOutcome

    public init(call: Call = .connect, address: String, port: UInt16, isIPv6: Bool, actor: String? = nil,
                outcome: ExpectedOutcome = .success) {
        self.call = call
        self.address = address
        self.port = port
        self.isIPv6 = isIPv6
        self.actor = actor
        self.outcome = outcome
    }

    public var runnerMakesTheCall: Bool { actor == nil }

    /// `127.0.0.1:42424` or `[::1]:42424`: the address, the port, whether it is IPv6; nil if not one.
    static func endpoint(_ text: String) -> (address: String, port: UInt16, isIPv6: Bool)? {
        var host: Substring, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = UInt16(portText), portText.allSatisfy(\.isNumber) else { return nil }
        var buffer = [UInt8](repeating: 0, count: 16)
        if !text.hasPrefix("["), inet_pton(AF_INET, String(host), &buffer) == 1 { return (String(host), port, false) }
        if text.hasPrefix("["), inet_pton(AF_INET6, String(host), &buffer) == 1 { return (String(host), port, true) }
        return nil
    }
}

extension ParseState {
    static let socketcallUsage = "socketcall connect 127.0.0.1:42424 [by AGENT] [=> ECONNREFUSED]"

    mutating func socketcall(_ arguments: [Word], _ line: LogicalLine, _ keyword: Word) {
        var args = arguments
        guard let outcome = syscallOutcome(&args, line, keyword, usage: Self.socketcallUsage) else { return }
        let calls = SocketcallStatement.Call.allCases.map(\.rawValue)
        guard let first = args.first, let call = SocketcallStatement.Call(rawValue: first.source), !first.quoted else {
            let near = args.first.flatMap { Spelling.nearest(to: $0.source, in: calls) }
            error(args.first.map { "'\($0.source)' is not a socketcall the statement makes" } ?? "'socketcall' needs a call",
                  line, column: args.first?.column ?? keyword.column + keyword.source.count + 1,
                  hint: near.map { "did you mean '\($0)'?" } ?? Self.socketcallUsage)
            return
        }
        args.removeFirst()
        var actor: String?
        if args.count == 3, args[1].isWord("by") {
            guard let name = identifier(args[2], line) else { return }
            checkKind(name, args[2], line, want: [.agent], statement: "socketcall ... by")
            actor = name
            args.removeLast(2)
        }
        guard args.count == 1 else {
            let extra = args.count > 1 ? args[1] : nil
            let near = extra.flatMap { Spelling.nearest(to: $0.source, in: ["by"]) }
            error("'socketcall \(call.rawValue)' takes one ADDRESS:PORT", line, column: extra?.column ?? first.column + first.source.count + 1,
                  hint: near.map { "did you mean '\($0)'?" } ?? Self.socketcallUsage)
            return
        }
        guard let endpoint = SocketcallStatement.endpoint(args[0].source) else {
            error("'\(args[0].source)' is not ADDRESS:PORT", line, column: args[0].column,
                  hint: "an IPv4 address and a port, 127.0.0.1:42424, or an IPv6 one in brackets, [::1]:42424")
            return
        }
        add(.socketcall(SocketcallStatement(call: call, address: endpoint.address, port: endpoint.port, isIPv6: endpoint.isIPv6,
                                            actor: actor, outcome: outcome)), line, keyword)
    }
}
