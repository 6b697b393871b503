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

    /// libaudit refuses euid, ppid and obj_user on the exclude list by a table of its own; the
    /// rule is built by number all the same, so the kernel decides: numbers as the value word,
    /// an LSM label as text in the buffer.
    @Test func fieldsLibauditRefusesOnTheExcludeListAreBuiltByNumber() throws {
        func exclude(_ fields: String...) -> RuleSpec {
            RuleSpec(list: .exclude, action: .always, fields: fields.map { Template.literal($0) })
        }
        let equal: UInt32 = 0x4000_0000, notEqual: UInt32 = 0x3000_0000
        let euid = RuleWords(data: try RuleResolver.resolve(exclude("msgtype=SYSCALL", "euid=0"), variables: [:], profiles: profiles).data)
        #expect(euid.fields == [[12, 1300, equal], [2, 0, equal]])
        let ppid = RuleWords(data: try RuleResolver.resolve(exclude("ppid!=1"), variables: [:], profiles: profiles).data)
        #expect(ppid.fields == [[18, 1, notEqual]])
        let label = RuleWords(data: try RuleResolver.resolve(exclude("obj_user=system_u"), variables: [:], profiles: profiles).data)
        #expect(label.fields == [[19, 8, equal]])
        #expect(label.buffer == Array("system_u".utf8))
    }

    @Test func aFieldBuiltByNumberTakesANumber() {
        #expect(throws: RawFieldResolver.Failure.self) {
            try RuleResolver.resolve(RuleSpec(list: .exclude, action: .always, fields: [Template.literal("euid=root")]),
                                     variables: [:], profiles: profiles)
        }
    }

    /// The words of an audit_rule_data: flags, action, field count, mask[64], fields[64],
    /// values[64], fieldflags[64], buflen, then the buffer.
    struct RuleWords {
        let data: [UInt8]
        func word(_ index: Int) -> UInt32 { data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self) } }
        var mask: [UInt32] { (0..<64).map { word(3 + $0) } }
        /// Each field as (number, value, operator flag), in the rule's order.
        var fields: [[UInt32]] { (0..<Int(word(2))).map { [word(3 + 64 + $0), word(3 + 128 + $0), word(3 + 192 + $0)] } }
        var buffer: [UInt8] { Array(data.suffix(Int(word(3 + 4 * 64)))) }
    }

    /// Written in any order, a rule's key, arch and syscalls make the rule they make in
    /// auditctl's order: arch before the syscalls (whose numbers depend on it), the key as a field.
    @Test func aKeyBeforeTheSyscallsAndArchAfterThemStillBuild() throws {
        var rule = spec("key=k", "arch=b64")
        rule.syscalls = ["kill"]
        let built = RuleWords(data: try RuleResolver.resolve(rule, variables: [:], profiles: profiles).data)
        var usual = spec("arch=b64", "key=k")
        usual.syscalls = ["kill"]
        let expected = RuleWords(data: try RuleResolver.resolve(usual, variables: [:], profiles: profiles).data)

        // kill is syscall 62 in the x86_64 table (b64): bit 30 of mask word 1, and no other.
        #expect(built.mask == (0..<64).map { $0 == 1 ? UInt32(1) << 30 : 0 })
        let equal: UInt32 = 0x4000_0000  // AUDIT_EQUAL
        #expect(built.fields.contains([RawRuleBuilder.Field.arch, 0xC000_003E, equal]), "arch=b64 is AUDIT_ARCH_X86_64: \(built.fields)")
        #expect(built.fields.contains([RawRuleBuilder.Field.filterkey, 1, equal]), "the key's length: \(built.fields)")
        #expect(built.buffer == Array("k".utf8))
        #expect(Set(built.fields) == Set(expected.fields) && built.mask == expected.mask && built.buffer == expected.buffer)
    }
}
