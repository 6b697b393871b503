import Testing
@testable import AuditRecords

@Suite struct SerialGapsTests {
    func gaps(_ serials: [UInt64]) -> SerialGaps {
        var gaps = SerialGaps()
        serials.forEach { gaps.see($0) }
        gaps.finish()
        return gaps
    }

    @Test func consecutiveSerialsSkipNothing() {
        let found = gaps(Array(100...400))
        #expect(found.missingCount == 0)
        #expect(found.summary == nil)
    }

    @Test func skippedSerialsAreCountedAndShownAsRanges() {
        let found = gaps([10, 11, 14, 15, 20])
        #expect(found.missingCount == 6)
        #expect(found.ranges.map(\.first) == [12, 16])
        #expect(found.ranges.map(\.last) == [13, 19])
        #expect(found.summary == "the log's serials skip 6 events (12-13, 16-19): records were lost, or the log is an excerpt")
    }

    @Test func anEventArrivingLateFillsItsHole() {
        // Two CPUs: 12 is stamped before 13 but handed on after it; 16 comes 500 events late.
        let found = gaps([10, 11, 13, 12, 14, 15] + Array(17...515) + [16, 516])
        #expect(found.missingCount == 0)
    }

    @Test func aHoleFilledInItsMiddleLeavesTwo() {
        let found = gaps([1, 6, 3])
        #expect(found.missingCount == 3)
        #expect(found.ranges.map(\.first) == [2, 4])
        #expect(found.ranges.map(\.last) == [2, 5])
    }

    @Test func theSerialAfterTheLastIsOneNotAGap() {
        let top = SerialGaps.modulus
        let round = gaps([top - 2, top - 1, top, 1, 2, 3])
        #expect(round.missingCount == 0)
        #expect(round.restarts == 0, "a wrap is not another boot")
        // A hole across the wrap is named by its serials.
        let across = gaps([top - 1, 2])
        #expect(across.missingCount == 2)
        #expect(across.ranges.map(\.first) == [top])
        #expect(across.ranges.map(\.last) == [1])
        #expect(across.summary?.contains("(4294967295-1)") == true)
    }

    @Test func aSerialFarBelowStartsAnotherBootsCount() {
        let found = gaps(Array(5000...5010) + Array(1...5))
        #expect(found.restarts == 1)
        #expect(found.missingCount == 0)
    }

    @Test func aJumpOfMillionsIsOneRange() {
        let found = gaps([1, 3_000_001, 3_000_002])
        #expect(found.missingCount == 2_999_999)
        #expect(found.ranges.count == 1)
    }

    @Test func onlyTheFirstRangesAreKeptAndTheRestSaid() {
        let found = gaps(stride(from: 1, through: 41, by: 2).map { UInt64($0) })
        #expect(found.missingCount == 20)
        #expect(found.ranges.count == SerialGaps.rangeLimit)
        #expect(found.summary?.hasSuffix("(2, 4, 6, 8, 10, ...): records were lost, or the log is an excerpt") == true)
    }

    @Test func serialsNoKernelWritesAreIgnored() {
        #expect(gaps([0, 5, 0, 6, 1 << 40]).missingCount == 0)
    }
}
