import Foundation

/// A veth pair between two of the scenario's network namespaces: `veth LEFT ADDRESSES RIGHT
/// ADDRESSES`. The n-th `veth` statement names its ends `vethN` in both namespaces.
public struct VethPair: StatementPayload {
    public var left: String
    public var leftAddresses: [String]
    public var right: String
    public var rightAddresses: [String]
    /// The name of both ends, each in its own namespace.
    public var device: String

    public init(left: String, leftAddresses: [String], right: String, rightAddresses: [String], device: String) {
        self.left = left
        self.leftAddresses = leftAddresses
        self.right = right
        self.rightAddresses = rightAddresses
        self.device = device
    }
}

/// `netns NAME`: a private network namespace with lo up, held by a process of its own; `$NAME`
/// is the holder's pid, for `in NAME`.
public struct NetnsStatement: StatementPayload {
    public var name: String
    public init(name: String) { self.name = name }
    public var binding: Binding? { Binding(name, .netns) }
}

extension ParseState {
    static let vethUsage = "veth left 192.0.2.1/24,2001:db8::1/64 right 192.0.2.2/24,2001:db8::2/64"

    mutating func netns(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count == 1, let name = identifier(args[0], line) else {
            if args.count != 1 { error("'netns' takes one name", line, column: keyword.column, hint: "netns lab") }
            return
        }
        add(.netns(NetnsStatement(name: name)), line, keyword)
    }

    /// `veth NETNS ADDRESS[,ADDRESS] NETNS ADDRESS[,ADDRESS]`
    mutating func veth(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        let usage = Self.vethUsage
        guard args.count == 4 else {
            error("'veth' takes two network namespaces, each followed by its addresses", line,
                  column: args.count > 4 ? args[4].column : keyword.column, hint: usage)
            return
        }
        guard let left = identifier(args[0], line), let right = identifier(args[2], line) else { return }
        checkKind(left, args[0], line, want: [.netns], statement: "veth")
        checkKind(right, args[2], line, want: [.netns], statement: "veth")
        guard left != right else {
            error("a veth pair joins two different network namespaces", line, column: args[2].column, hint: usage)
            return
        }
        guard let leftAddresses = addresses(args[1], line, usage: usage),
              let rightAddresses = addresses(args[3], line, usage: usage) else { return }
        let number = scenario.steps.filter { if case .veth = $0.action { return true } else { return false } }.count + 1
        add(.veth(VethPair(left: left, leftAddresses: leftAddresses, right: right, rightAddresses: rightAddresses,
                           device: "veth\(number)")), line, keyword)
    }

    /// A comma list of addresses with their prefix length (`192.0.2.1/24`, `2001:db8::1/64`).
    private mutating func addresses(_ word: Word, _ line: LogicalLine, usage: String) -> [String]? {
        guard !word.quoted, word.template.variables.isEmpty else {
            error("addresses are written as they are, unquoted, without variables", line, column: word.column, hint: usage)
            return nil
        }
        var column = word.column
        var result: [String] = []
        for address in word.source.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            defer { column += address.count + 1 }
            guard Self.isAddressWithPrefix(address) else {
                error("'\(address)' is not an address with its prefix length", line, column: column,
                      hint: "write ADDRESS/PREFIX, such as 192.0.2.1/24 or 2001:db8::1/64")
                return nil
            }
            result.append(address)
        }
        return result
    }

    static func isAddressWithPrefix(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]), prefix >= 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 16)
        let host = String(parts[0])
        if inet_pton(AF_INET, host, &buffer) == 1 { return prefix <= 32 }
        if inet_pton(AF_INET6, host, &buffer) == 1 { return prefix <= 128 }
        return false
    }
}
