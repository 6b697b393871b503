import AuditKernel
import Profiles
@testable import Runner
import ScenarioLanguage
import Testing

/// Rule fields the installed libaudit does not know are built from the profile's number.
struct RuleFieldTests {
    let profiles = try! ProfileSet.resolve(["ghak90-v11"])

    func spec(_ fields: String...) -> RuleSpec {
        RuleSpec(list: .exit, action: .always, fields: fields.map { Template.literal($0) })
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

    /// Each operator reaches the kernel as its AUDIT_* flag (the patch's kernel then refuses all
    /// but = and !=, EINVAL), and the value as the filter patch reads it (audit_data_to_entry,
    /// ghak90 V10-V11): the field's value word is sizeof(u64), and its 8 bytes, in host order,
    /// are the field's place in the buffer, as the branch's libaudit writes them. An identifier
    /// above 2^32 with distinct bytes shows a value cut to 32 bits or in the wrong order.
    @Test(arguments: [("contid=", UInt32(0x4000_0000)), ("contid!=", 0x3000_0000), ("contid<", 0x1000_0000),
                      ("contid>", 0x2000_0000), ("contid<=", 0x5000_0000), ("contid>=", 0x6000_0000),
                      ("contid&", 0x0800_0000), ("contid&=", 0x4800_0000)])
    func eachOperatorAndTheEightBytesAreEncodedAsThePatchReadsThem(prefix: String, flag: UInt32) throws {
        let value: UInt64 = 0x0123_4567_89AB_CDF1
        let rule = try RuleResolver.resolve(spec("dir=/tmp/auditspec-f", "perm=wa", prefix + String(value), "key=k"),
                                            variables: [:], profiles: profiles)
        func word(_ index: Int) -> UInt32 {
            rule.data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self) }
        }
        let count = Int(word(2))
        let index = try #require((0..<count).first { word(3 + 64 + $0) == 27 }, "field 27 is in the rule")
        #expect(index == count - 1, "added after the fields libaudit built, so its bytes come last")
        #expect(word(3 + 128 + index) == 8, "the value word is the length of a u64")
        #expect(word(3 + 192 + index) == flag)
        let bufferLength = Int(word(3 + 4 * 64))
        #expect(bufferLength == rule.data.count - 4 * (3 + 4 * 64 + 1))
        #expect(Array(rule.data.suffix(8)) == [0xF1, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01])
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
