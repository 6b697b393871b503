import AuditKernel
import Testing

/// Rules on the io_uring list, which libaudit 3.0.9 does not know: built with IORING_OP_*
/// numbers in the mask (the kernel's audit_filter_uring reads them), their fields checked as
/// an exit rule's.
@Suite struct IoUringRuleTests {
    @Test func anOperationIsItsIoringOpNumberOnListSeven() throws {
        let rule = try AuditRuleBuilder.make(list: "io_uring", action: "always") { builder in
            try builder.uringOperation("openat")
            try builder.uringOperation("close")
            try builder.field("key=uring-key")
        }
        var numeric = RawRuleBuilder(list: .ioUring, action: .always)
        numeric.syscall(18)  // IORING_OP_OPENAT
        numeric.syscall(19)  // IORING_OP_CLOSE
        numeric.field(RawRuleBuilder.Field.filterkey, .equal, .string("uring-key"))
        #expect(rule == numeric.build())
        #expect(rule.list == 7)
    }

    @Test func exitOnlyFieldsAreTakenAsTheKernelTakesThem() throws {
        let rule = try AuditRuleBuilder.make(list: "io_uring", action: "always") { builder in
            try builder.uringOperation("all")
            try builder.field("success=1")
            try builder.field("key=k")
        }
        #expect(rule.list == 7)
    }

    @Test(arguments: ["read", "open", "nosuch"])
    func aNameThatIsNoAuditedOperationIsRefused(name: String) throws {
        #expect(throws: AuditRuleBuilder.Failure.uringOperation(name)) {
            _ = try AuditRuleBuilder.make(list: "io_uring", action: "always") { try $0.uringOperation(name) }
        }
    }
}
