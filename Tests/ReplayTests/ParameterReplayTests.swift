import AuditRecords
import Foundation
import Matching
import Runner
import ScenarioLanguage
import Testing

/// A scenario over a table of values, replayed: each row is judged on its own, with its
/// values bound, and its result is named by them.
struct ParameterReplayTests {
    static let source = """
        scenario "contid: CONTAINER_OP for each identifier"
        parameters contid
            123451
            123452
            123453
        spawn child sleep 30
        write /proc/$child/audit_containerid $contid
        expect event
            type=CONTAINER_OP op=set opid=$child contid=$contid
        """

    static let log = """
        type=CONTAINER_OP msg=audit(1700000000.001:1): op=set opid=41 old-contid=-1 contid=123451
        type=CONTAINER_OP msg=audit(1700000000.002:2): op=set opid=42 old-contid=-1 contid=123452

        """

    @Test func eachRowPassesOrFailsOnItsOwnValues() throws {
        let path = NSTemporaryDirectory() + "auditspec-\(UUID().uuidString).log"
        try Self.log.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scenario = try ScenarioParser().parse(source: Self.source, path: "contid.scenario").get()

        let results = try ReplayRunner(parser: RecordParser(typeName: AuditNames.recordType), profiles: .defaults).check(scenario.expanded(), log: path)

        #expect(results.map(\.title) == ["contid: CONTAINER_OP for each identifier [contid=123451]",
                                         "contid: CONTAINER_OP for each identifier [contid=123452]",
                                         "contid: CONTAINER_OP for each identifier [contid=123453]"])
        #expect(results.map(\.verdict.label) == ["PASS", "PASS", "FAIL"])
        #expect(results[0].notes.contains("captured from the log: $child=41"), "\(results[0].notes)")
        #expect(results[1].notes.contains("captured from the log: $child=42"), "\(results[1].notes)")
        guard case .failed(let missing) = results[2].verdict else { return }
        let differing = missing.flatMap { $0.nearest?.records ?? [] }.flatMap(\.fields).filter { !$0.matches }
        #expect(differing.map(\.name) == ["contid"])
        #expect(differing.first?.expected == "123453")
    }
}
