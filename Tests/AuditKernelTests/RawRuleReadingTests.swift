import AuditKernel
import Testing

/// A rule's bytes read back into a RawRuleBuilder build the same bytes again, so fields
/// libaudit does not know can be added to a rule libaudit built. No kernel needed.
struct RawRuleReadingTests {
    @Test func numbersStringsAndU64SurviveARoundTrip() throws {
        var raw = RawRuleBuilder(list: .exit, action: .always)
        raw.syscall(62)
        raw.field(RawRuleBuilder.Field.uid, .notEqual, .number(1000))
        raw.field(RawRuleBuilder.Field.filterkey, .equal, .string("a-key"))
        raw.field(RawRuleBuilder.Field.contid, .equal, .u64(123_459))
        raw.field(RawRuleBuilder.Field.dir, .equal, .string("/tmp/x"))
        let built = raw.build()
        let read = try #require(RawRuleBuilder(reading: built))
        #expect(read.build() == built)
        #expect(read.list == .exit && read.action == .always)
    }

    @Test func aRuleLibauditBuiltIsReadAndExtended() throws {
        let rule = try AuditRuleBuilder.make(list: "exit", action: "always") { builder in
            try builder.syscall("all")
            try builder.field("dir=/tmp/auditspec-read")
            try builder.field("perm=wa")
            try builder.field("key=k")
        }
        var read = try #require(RawRuleBuilder(reading: rule))
        #expect(read.build() == rule, "read back, nothing changes")
        read.field(RawRuleBuilder.Field.contid, .equal, .u64(7))
        let extended = read.build()
        #expect(extended.data.count == rule.data.count + 8)
        // The 8 bytes of the identifier come last in the buffer.
        #expect(Array(extended.data.suffix(8)) == withUnsafeBytes(of: UInt64(7)) { Array($0) })
    }

    @Test func bytesThatAreNoRuleAreRefused() {
        #expect(RawRuleBuilder(reading: AuditRule(data: [1, 2, 3])) == nil)
        var prepended = RawRuleBuilder(list: .exit, action: .always).build().data
        prepended[0] |= 0x10  // AUDIT_FILTER_PREPEND: a flag this builder cannot write back
        #expect(RawRuleBuilder(reading: AuditRule(data: prepended)) == nil)
    }
}
