import AuditRecords
import Testing

@Suite struct EventAssemblerTests {
    @Test func recordsOfOneStampFormOneEventClosedByEOE() {
        var assembler = EventAssembler()
        #expect(assembler.add(Samples.record("SYSCALL"), at: 0).isEmpty)
        #expect(assembler.add(Samples.record("CWD"), at: 0.01).isEmpty)
        let done = assembler.add(Samples.record("EOE"), at: 0.02)
        #expect(done.count == 1)
        #expect(done.first?.records.map(\.type) == ["SYSCALL", "CWD", "EOE"])
        #expect(done.first?.meaningfulRecords.map(\.type) == ["SYSCALL", "CWD"])
        #expect(done.first?.stamp?.serial == 42)
        #expect(assembler.openEventCount == 0)
    }

    @Test func interleavedEventsAreKeptApart() {
        var assembler = EventAssembler()
        _ = assembler.add(Samples.record("SYSCALL", serial: 1), at: 0)
        _ = assembler.add(Samples.record("SYSCALL", serial: 2), at: 0)
        _ = assembler.add(Samples.record("PATH", serial: 1), at: 0)
        #expect(assembler.openEventCount == 2)
        let second = assembler.add(Samples.record("EOE", serial: 2), at: 0)
        #expect(second.map { $0.records.map(\.type) } == [["SYSCALL", "EOE"]])
        #expect(second.first?.stamp?.serial == 2)
        let first = assembler.add(Samples.record("EOE", serial: 1), at: 0)
        #expect(first.map { $0.records.map(\.type) } == [["SYSCALL", "PATH", "EOE"]])
    }

    @Test func eventsEitherSideOfTheSerialWrapAreKeptApart() {
        // The kernel's serial goes round from 4294967295 to 1: nothing orders events by it.
        var assembler = EventAssembler()
        _ = assembler.add(Samples.record("SYSCALL", serial: 4_294_967_295), at: 0)
        _ = assembler.add(Samples.record("SYSCALL", serial: 1), at: 0)
        _ = assembler.add(Samples.record("PATH", serial: 4_294_967_295), at: 0)
        let old = assembler.add(Samples.record("EOE", serial: 4_294_967_295), at: 0)
        #expect(old.map { $0.records.map(\.type) } == [["SYSCALL", "PATH", "EOE"]])
        let new = assembler.add(Samples.record("EOE", serial: 1), at: 0)
        #expect(new.map { $0.records.map(\.type) } == [["SYSCALL", "EOE"]])
        #expect(new.first?.stamp?.serial == 1)
    }

    @Test func netfilterPacketClosesItsEvent() {
        var assembler = EventAssembler()
        _ = assembler.add(Samples.record("CONTAINER_ID"), at: 0)
        let done = assembler.add(Samples.record("NETFILTER_PKT"), at: 0)
        #expect(done.map { $0.records.map(\.type) } == [["CONTAINER_ID", "NETFILTER_PKT"]])
    }

    @Test func recordWithoutStampIsAnEventAtOnce() {
        var assembler = EventAssembler()
        let done = assembler.add(Samples.record("DAEMON_START", serial: nil), at: 0)
        #expect(done.count == 1)
        #expect(done.first?.stamp == nil)
        #expect(assembler.openEventCount == 0)
    }

    @Test func quietEventExpiresOnlyAfterQuietTime() {
        var assembler = EventAssembler(quietTime: 1)
        _ = assembler.add(Samples.record("SYSCALL"), at: 10)
        _ = assembler.add(Samples.record("PATH"), at: 10.5)
        #expect(assembler.nextExpiry == 11.5)
        #expect(assembler.expire(now: 11.4).isEmpty)
        let done = assembler.expire(now: 11.5)
        #expect(done.map { $0.records.map(\.type) } == [["SYSCALL", "PATH"]])
        #expect(assembler.nextExpiry == nil)
    }

    @Test func expireReturnsOldestFirstAndKeepsRecentOnes() {
        var assembler = EventAssembler(quietTime: 1)
        _ = assembler.add(Samples.record("A", serial: 3), at: 0)
        _ = assembler.add(Samples.record("B", serial: 1), at: 0.1)
        _ = assembler.add(Samples.record("C", serial: 2), at: 5)
        let done = assembler.expire(now: 2)
        #expect(done.map { $0.stamp?.serial } == [3, 1])
        #expect(assembler.openEventCount == 1)
    }

    @Test func finishReturnsEveryOpenEventInArrivalOrder() {
        var assembler = EventAssembler(quietTime: 100)
        _ = assembler.add(Samples.record("A", serial: 9), at: 0)
        _ = assembler.add(Samples.record("B", serial: 4), at: 0)
        _ = assembler.add(Samples.record("C", serial: 9), at: 0)
        let done = assembler.finish()
        #expect(done.map { $0.stamp?.serial } == [9, 4])
        #expect(done.first?.records.map(\.type) == ["A", "C"])
        #expect(assembler.openEventCount == 0)
    }

    @Test func sameStampAfterCloseStartsANewEvent() {
        var assembler = EventAssembler()
        _ = assembler.add(Samples.record("EOE"), at: 0)
        _ = assembler.add(Samples.record("SYSCALL"), at: 0)
        #expect(assembler.finish().map { $0.records.map(\.type) } == [["SYSCALL"]])
    }

    @Test func closingTypesCanBeChosen() {
        var assembler = EventAssembler(closingTypes: ["PROCTITLE"])
        #expect(assembler.add(Samples.record("NETFILTER_PKT"), at: 0).isEmpty)
        #expect(assembler.add(Samples.record("PROCTITLE"), at: 0).count == 1)
    }
}
