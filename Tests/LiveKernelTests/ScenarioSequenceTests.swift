import Foundation
import Testing

/// Scenarios one after another, with what the runner does in the background between them
/// (rule deletions, folder removals, a spare namespace made and taken): the second finds
/// nothing of the first, and the machine is as it was after the run.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct ScenarioSequenceTests {
    @Test func theNextScenarioFindsNothingOfTheOneBefore() throws {
        let before = try MachineCount.read()
        let tag = ProcessActionTests.tag()

        let run = try Command.run([tag, LiveKernel.binary, "run", LiveKernel.fixture("sequence")], currentDirectory: LiveKernel.packageRoot)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("2 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(try MachineCount.read() == before)
        #expect(TaggedProcesses.all(tagged: tag).isEmpty, "left: \(TaggedProcesses.all(tagged: tag))")
    }
}
