import AuditKernel
import Profiles
@testable import Runner
import ScenarioLanguage
import Testing

/// Rule fields the installed libaudit does not know are built from the profile's number.
struct RuleFieldTests {
    let profiles = try! ProfileSet.resolve(["ghak90-v11"])

    func spec(_ fields: String...) -> RuleSpec {
        RuleSpec(list: "exit", action: "always", fields: fields.map { Template.literal($0) })
    }

    @Test func contidIsAddedAsEightBytesWithTheProfileNumber() throws {
        let rule = try RuleResolver.resolve(spec("dir=/tmp/auditspec-f", "perm=wa", "contid=123459", "key=k"),
                                            variables: [:], profiles: profiles)
        let read = try #require(RawRuleBuilder(reading: rule))
        #expect(read.build() == rule)
        #expect(Array(rule.data.suffix(8)) == withUnsafeBytes(of: UInt64(123_459)) { Array($0) })
        // Field 27 with AUDIT_EQUAL among the rule's fields.
        let count = Int(rule.data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self) })
        let fields = (0..<count).map { index in
            rule.data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4 * (3 + 64 + index), as: UInt32.self) }
        }
        #expect(fields.contains(27))
    }

    @Test func aContidThatIsNoNumberIsRefusedInWords() {
        #expect(throws: RawFieldResolver.Failure.self) {
            try RuleResolver.resolve(spec("contid=abc"), variables: [:], profiles: profiles)
        }
    }

    @Test func aFieldNeitherKnowsIsLibauditsError() {
        #expect(throws: AuditRuleBuilder.Failure.self) {
            try RuleResolver.resolve(spec("bogus=1"), variables: [:], profiles: profiles)
        }
    }

    @Test func aKeyBeforeTheSyscallsAndArchAfterThemStillBuild() throws {
        var rule = spec("key=k", "arch=b64")
        rule.syscalls = ["kill"]
        _ = try RuleResolver.resolve(rule, variables: [:], profiles: profiles)
    }
}
