import Matching
@testable import Runner
import Testing

/// A live run that lost records cannot pass or fail: its verdict is inconclusive.
@Suite struct LossVerdictTests {
    let missing = [MissingEvent(location: "t.scenario:2", nearest: nil, expectedText: ["type=SYSCALL key=k"])]
    let loss = "the kernel's lost counter rose by 3 during this scenario"

    @Test func withoutLossTheRecordsDecide() {
        #expect(ScenarioExecution.verdict(missing: [], losses: []) == .passed)
        #expect(ScenarioExecution.verdict(missing: missing, losses: []) == .failed(missing))
    }

    @Test func aLossMakesAPassInconclusive() {
        // `expect no event` passes when the forbidden event is among the lost records.
        #expect(ScenarioExecution.verdict(missing: [], losses: [loss]) == .error(phase: .records, message: "inconclusive: " + loss))
    }

    @Test func aLossMakesAMissInconclusive() {
        let both = [loss, "the multicast socket overflowed: records were dropped before auditspec read them"]
        #expect(ScenarioExecution.verdict(missing: missing, losses: both) == .error(phase: .records, message: "inconclusive: " + both.joined(separator: "; ")))
    }
}
