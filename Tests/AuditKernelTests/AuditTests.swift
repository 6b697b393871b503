import AuditKernel
import Foundation
import POSIXSupport
import SystemTypes
import Testing

/// Rules built from field numbers, user messages from a chosen process, loginuid, and the
/// global settings, each undone in reverse order even when a check fails.
///
/// Serialized and machine-exclusive: these change the machine's audit state. Every change
/// goes through a CleanupStack that a `defer` unwinds, and the state is compared with what
/// it was before.
@Suite(.serialized, .machineExclusive, .requires(LiveMachine.prerequisite))
struct AuditTests {
    struct Settings: Equatable {
        var enabled, failure, backlogLimit, backlogWaitTime, rateLimit: UInt32
        var rules: [AuditRule]
        static func read(_ socket: AuditSocket) throws -> Settings {
            let status = try socket.status()
            return Settings(enabled: status.enabled, failure: status.failure, backlogLimit: status.backlogLimit,
                            backlogWaitTime: status.backlogWaitTime, rateLimit: status.rateLimit, rules: try socket.rules())
        }
    }

    @Test func aRuleBuiltFromNumbersIsTheRuleLibauditBuilds() throws {
        // Numbers: byte for byte what libaudit makes of the same words.
        let library = try AuditRuleBuilder.make(list: "exit", action: "always") { builder in
            try builder.syscall("all")
            try builder.field("uid=12345")
            try builder.field("loginuid!=1000")
        }
        var numeric = RawRuleBuilder(list: .exit, action: .always)
        numeric.allSyscalls()
        numeric.field(RawRuleBuilder.Field.uid, .equal, .number(12345))
        numeric.field(RawRuleBuilder.Field.loginuid, .notEqual, .number(1000))
        #expect(numeric.build() == library)

        // Strings in the buffer: the kernel lists the rule back with exactly these bytes.
        let key = LiveMachine.ruleKey + "-raw"
        var raw = RawRuleBuilder(list: .exit, action: .always)
        raw.allSyscalls()
        raw.field(RawRuleBuilder.Field.uid, .equal, .number(12345))
        raw.field(RawRuleBuilder.Field.filterkey, .equal, .string(key))
        #expect(!raw.affectsOthers)
        #expect(raw.build().list == 4)

        let socket = try AuditSocket()
        let before = try Settings.read(socket)
        do {
            let cleanup = CleanupStack()
            defer { cleanup.unwind() }
            try cleanup.add(raw.build(), through: socket)
            // The kernel lists it in its own form (the syscall-class bits of the mask folded),
            // with the same length and the key's bytes; deleting by our bytes finds it.
            let listed = try socket.rules().filter { $0.data.contains(subsequence: Array(key.utf8)) }
            #expect(listed.count == 1)
            #expect(listed.first?.data.count == raw.build().data.count)
            // The same rule twice: the kernel says EEXIST.
            #expect { try socket.add(raw.build()) } throws: { ($0 as? KernelError)?.errno == .fileExists }
        }
        #expect(try Settings.read(socket) == before)
    }

    /// AUDIT_CONTID (27) is unknown to a stock kernel (EINVAL); on a ghak90 kernel the rule is
    /// taken. Either way nothing is left.
    @Test func aContainerIdentifierRuleLibauditDoesNotKnow() throws {
        let socket = try AuditSocket()
        let before = try Settings.read(socket)
        var raw = RawRuleBuilder(list: .exit, action: .always)
        raw.allSyscalls()
        raw.field(RawRuleBuilder.Field.contid, .equal, .u64(123_459))
        raw.field(RawRuleBuilder.Field.filterkey, .equal, .string(LiveMachine.ruleKey + "-contid"))
        let rule = raw.build()
        #expect(rule.data.count == 1040 + 8 + (LiveMachine.ruleKey + "-contid").utf8.count)
        let kernelHasContid = (try socket.status().featureBitmap & AuditStatus.containerIDFeatureBit) != 0
        do {
            let cleanup = CleanupStack()
            defer { cleanup.unwind() }
            if kernelHasContid {
                try cleanup.add(rule, through: socket)
            } else {
                #expect { try cleanup.add(rule, through: socket) } throws: { ($0 as? KernelError)?.errno == .invalidArgument }
                #expect(cleanup.count == 0, "a refused rule has nothing to undo")
            }
            // A field number no kernel has: EINVAL everywhere.
            var unknown = RawRuleBuilder(list: .exit, action: .always)
            unknown.allSyscalls()
            unknown.field(9999, .equal, .number(1))
            #expect { try socket.add(unknown.build()) } throws: { ($0 as? KernelError)?.errno == .invalidArgument }
        }
        #expect(try Settings.read(socket) == before)
    }

    @Test func rulesThatChangeWhatOthersSeeAreMarked() {
        #expect(RawRuleBuilder(list: .exclude, action: .always).affectsOthers)
        #expect(RawRuleBuilder(list: .exit, action: .never).affectsOthers)
        #expect(RawRuleBuilder(list: .exclude, action: .always).build().affectsOthers)
        #expect(!RawRuleBuilder(list: .user, action: .always).build().affectsOthers)
        #expect(AuditSetting.resetLost.isGlobal)
    }

    /// A user message sent by a chosen process arrives as its record, with that process's pid.
    @Test func aUserMessageFromAnAgentArrivesWithItsPid() throws {
        let socket = try AuditSocket()
        let before = try Settings.read(socket)
        do {
            let cleanup = CleanupStack()
            defer { cleanup.unwind() }
            let reader = try MulticastReader()
            try cleanup.change(.enabled(.on), through: socket)
            let sender = cleanup.adopt(try Agent())
            let marker = "auditspec-kt-\(getpid())-\(UInt64(Poller.now() * 1e6))"
            #expect(try sender.sendUserMessage(marker).errno == nil)
            let text = try waitForRecord(containing: marker, type: 1005, reader: reader)
            #expect(text?.contains("pid=\(sender.pid) ") == true, "\(text ?? "no record")")

            // From the runner itself, too.
            try socket.sendUserMessage(marker + "-runner")
            #expect(try waitForRecord(containing: marker + "-runner", type: 1005, reader: reader)?.contains("pid=\(getpid()) ") == true)

            // Without CAP_AUDIT_WRITE the kernel refuses; libaudit passes the refusal on or
            // hides it, but no record comes either way.
            let mute = cleanup.adopt(try Agent(spec: SpawnSpec(argv: ["agent"], dropCapabilities: [.auditWrite])))
            let refused = try mute.sendUserMessage(marker + "-mute")
            #expect(refused.errno == nil || refused.errno == .notPermitted)
            #expect(try waitForRecord(containing: marker + "-mute", type: 1005, reader: reader, within: 0.3) == nil)
        }
        #expect(try Settings.read(socket) == before)
    }

    func waitForRecord(containing marker: String, type: Int, reader: MulticastReader, within seconds: Double = 5) throws -> String? {
        let deadline = Poller.now() + seconds
        while Poller.now() < deadline {
            for message in try reader.receive(until: deadline) where message.type == type {
                let text = String(decoding: message.payload, as: UTF8.self)
                if text.contains(marker) { return text }
            }
        }
        return nil
    }

    @Test func backlogSettingsAndTheLostCounterAreUndone() throws {
        let socket = try AuditSocket()
        let before = try Settings.read(socket)
        do {
            let cleanup = CleanupStack()
            defer { cleanup.unwind() }
            try cleanup.change(.backlogLimit(before.backlogLimit + 123), through: socket)
            try cleanup.change(.backlogWaitTime(before.backlogWaitTime == 1000 ? 2000 : 1000), through: socket)
            try cleanup.change(.resetLost, through: socket)
            let changed = try socket.status()
            #expect(changed.backlogLimit == before.backlogLimit + 123)
            #expect(changed.backlogWaitTime != before.backlogWaitTime)
            #expect(changed.lost == 0)
            #expect(cleanup.count == 2, "the lost counter has nothing to put back")
            // The kernel's limit on the wait time (10 * 60 * HZ): a refusal, with its errno.
            #expect { try cleanup.change(.backlogWaitTime(UInt32.max), through: socket) } throws: { ($0 as? KernelError)?.errno == .invalidArgument }
        }
        #expect(try Settings.read(socket) == before)
    }

    /// A killed run's processes are ended by the keeper's restore, and its rules removed.
    @Test func aKilledRunIsPutBackByRestore() throws {
        let socket = try AuditSocket()
        let before = try Settings.read(socket)
        let folder = NSTemporaryDirectory() + "auditspec-kt-store-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = SnapshotStore(directory: folder)
        var pids: [Int32] = []
        do {
            let keeper = try AuditStateKeeper(socket: socket, store: store)
            // As a run would: everything through a cleanup stack that tracks with the keeper.
            let cleanup = CleanupStack(keeper: keeper)
            let agent = cleanup.adopt(try Agent())
            let grandchild = cleanup.adopt(try agent.fork())
            let namespace = cleanup.adopt(try NetworkNamespace())
            var raw = RawRuleBuilder(list: .exit, action: .always)
            raw.allSyscalls()
            raw.field(RawRuleBuilder.Field.filterkey, .equal, .string(LiveMachine.ruleKey + "-killed"))
            try cleanup.add(raw.build(), through: socket)
            try cleanup.change(.backlogLimit(before.backlogLimit + 7), through: socket)
            pids = [agent.pid, grandchild.pid, namespace.holder.pid]
            #expect(try store.load()?.processes.count == 3)

            // The run "dies" here: nothing is unwound; the snapshot on disk is all there is.
            let saved = try #require(try store.load())
            let report = AuditStateKeeper.restore(saved, through: socket, store: store)
            #expect(report.problems.isEmpty, "\(report.problems)")
            for pid in pids { #expect(LiveMachine.isGone(pid), "process \(pid) survived the restore") }
            #expect(try Settings.read(socket) == before)
            #expect(try store.load() == nil, "a complete restore removes the snapshot")
            // Unwinding afterwards finds nothing to do and does no harm.
            let problems = cleanup.unwind()
            #expect(problems.count == 1 && problems[0].contains("delete an audit rule"), "\(problems)")
        }
        #expect(try Settings.read(socket) == before)
    }

    @Test func cleanupRunsInReverseOrderAndGoesOnAfterAFailure() {
        let cleanup = CleanupStack()
        var order: [Int] = []
        struct Refused: Error {}
        cleanup.push("first") { order.append(1) }
        cleanup.push("second") { order.append(2); throw Refused() }
        cleanup.push("third") { order.append(3) }
        let problems = cleanup.unwind()
        #expect(order == [3, 2, 1])
        #expect(problems.count == 1 && problems[0].hasPrefix("second"))
        #expect(cleanup.unwind().isEmpty)
    }
}
