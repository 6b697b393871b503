import AuditKernel
import Foundation
import Matching
import POSIXSupport
import ScenarioLanguage
import SystemTypes

/// `socketcall` at run time: the i386 socketcall(2) through int $0x80, by the runner or the
/// agent named, its errno checked against the outcome. Without IA32 emulation int $0x80 faults
/// (SIGSEGV), so the call is refused unless the probe found i386 system calls working.
extension ScenarioExecution {
    func performSocketcall(_ statement: SocketcallStatement, phase: ErrorPhase) throws {
        let ia32 = context.features.ia32Syscalls
        guard ia32.available else {
            throw StepFailure(phase: phase, message: "refused: 'socketcall' needs i386 system calls (requires ia32): \(ia32.detail)")
        }
        let (family, address) = Self.socketAddress(statement)
        let result: Result<Void, Errno>
        if let actor = statement.actor {
            let agent = try agent(actor, phase: phase)
            result = try attempt("agent '\(actor)' could not be asked to make the socketcall", at: phase) {
                try agent.socketcall(statement.call.number, family: family, type: Int32(SOCK_STREAM.rawValue), address: address)
            }
        } else {
            result = I386Socketcall.call(statement.call.number, family: family, type: Int32(SOCK_STREAM.rawValue), address: address)
        }
        let endpoint = statement.isIPv6 ? "[\(statement.address)]:\(statement.port)" : "\(statement.address):\(statement.port)"
        try check(result, against: statement.outcome,
                  what: "socketcall \(statement.call.rawValue) \(endpoint)" + (statement.actor.map { " by \($0)" } ?? ""), phase: phase)
    }

    /// The address family and the struct sockaddr_in or sockaddr_in6 bytes of the statement's address.
    static func socketAddress(_ statement: SocketcallStatement) -> (Int32, [UInt8]) {
        if statement.isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = statement.port.bigEndian
            _ = inet_pton(AF_INET6, statement.address, &address.sin6_addr)
            return (AF_INET6, withUnsafeBytes(of: address) { Array($0) })
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = statement.port.bigEndian
        _ = inet_pton(AF_INET, statement.address, &address.sin_addr)
        return (AF_INET, withUnsafeBytes(of: address) { Array($0) })
    }
}
