import Foundation
import Matching
import Reporters
import TestSupport
import Testing

/// `run --shard I/N` and `merge` through the real binary on this machine's kernel: three
/// shards of the baseline folder run every scenario exactly once and merge to the serial
/// run's verdicts; a merge without every shard is refused.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct ShardRunTests {
    let root = LiveKernel.packageRoot

    @Test func threeShardsMergeToTheSerialRun() throws {
        let folder = NSTemporaryDirectory() + "auditspec-shards-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let serial = try Command.run([LiveKernel.binary, "run", "scenarios/baseline", "--json", folder + "/serial.json"], currentDirectory: root)
        #expect(serial.status == 0, "\(serial.output)\(serial.errorOutput)")
        var ran: [String] = []
        for index in 1...3 {
            let shard = try Command.run([LiveKernel.binary, "run", "scenarios/baseline", "--shard", "\(index)/3",
                                         "--json", folder + "/shard-\(index).json"], currentDirectory: root)
            #expect(shard.status == 0, "\(shard.output)\(shard.errorOutput)")
            ran += try JSONReporter.read(from: folder + "/shard-\(index).json").results.map(\.path)
        }
        let whole = try JSONReporter.read(from: folder + "/serial.json").results
        #expect(ran.sorted() == whole.map(\.path).sorted(), "each scenario in exactly one shard")

        let merge = try Command.run([LiveKernel.binary, "merge", folder + "/shard-3.json", folder + "/shard-1.json", folder + "/shard-2.json",
                                     "--json", folder + "/merged.json", "--junit", folder + "/merged.xml"], currentDirectory: root)
        #expect(merge.status == 0, "\(merge.output)\(merge.errorOutput)")
        let merged = try JSONReporter.read(from: folder + "/merged.json").results
        #expect(merged.map(\.path) == whole.map(\.path), "in the serial run's order")
        #expect(merged.map(\.verdict.label) == whole.map(\.verdict.label))
        #expect(try String(contentsOfFile: folder + "/merged.xml", encoding: .utf8).contains("tests=\"\(whole.count)\""))

        let partial = try Command.run([LiveKernel.binary, "merge", folder + "/shard-1.json", folder + "/shard-3.json"], currentDirectory: root)
        #expect(partial.status == 64)
        #expect(partial.errorOutput.contains("shard 2/3 missing: a merge must hold every shard of the run"), "\(partial.errorOutput)")
    }
}
