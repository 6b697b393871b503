import AuditRecords
import Foundation
import Matching
import Runner
import ScenarioLanguage
import Testing

/// One value, one verdict, whatever the format (issue 14, item 5): expectations drawn at random
/// from a real log get the same verdict from the log auditd would write (audit.log), from
/// `ausearch` over it and from `ausearch -i` over it; a value taken from the log passes in all
/// three, and a wrong one fails in all three.
///
/// Fixtures/real-log: what this machine's kernel (6.18) sent while `auditspec run --capture`
/// ran scenarios/baseline and a scenario of blanks, quotes and hex-looking values (EXECVE
/// arguments, file names, a user message with apostrophes), written out as auditd's raw
/// audit.log lines (EOE dropped, as auditd does), then `ausearch -if` and `ausearch -i -if`.
struct FormatVerdictTests {
    static let logs = ["audit.log", "ausearch.txt", "ausearch-i.txt"]

    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "real-log/" + name, withExtension: nil, subdirectory: "Fixtures")!.path
    }

    static func events(_ name: String) throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        try LogReader(parser: RecordParser(typeName: AuditNames.recordType)).read(path: path(name)) { item in
            if case .event(let event) = item { events.append(event) }
        }
        return events
    }

    /// A field written so the scenario parser reads back exactly `value`.
    static func written(_ name: String, _ relation: String, _ value: String) -> String {
        let plain = !value.isEmpty && value != "*" && !value.contains { " \t'\"$\\".contains($0) }
        if plain { return name + relation + value }
        if !value.contains("'") { return "\(name)\(relation)'\(value)'" }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "$", with: "\\$")
        return "\(name)\(relation)\"\(escaped)\""
    }

    enum Draw: CaseIterable { case text, asWritten, spoken, regex, wrong }

    struct Case {
        var source: String
        var passes: Bool
    }

    static func cases(count: Int, seed: UInt64) throws -> [Case] {
        var random = SplitMix(seed: seed)
        let raw = try events("audit.log")
        let spoken = Dictionary(try events("ausearch-i.txt").compactMap { event in event.stamp.map { ($0.serial, event) } }) { first, _ in first }
        var cases: [Case] = []
        while cases.count < count {
            let event = raw[Int(random.next() % UInt64(raw.count))]
            let records = event.records.filter { !$0.isEndOfEvent && $0.fields.contains { !$0.name.isEmpty } }
            guard !records.isEmpty else { continue }
            let record = records[Int(random.next() % UInt64(records.count))]
            let sameType = records.filter { $0.type == record.type }
            let position = sameType.firstIndex(of: record)!
            let spokenRecord = event.stamp.flatMap { spoken[$0.serial] }?.records.filter { $0.type == record.type }.dropFirst(position).first
            let names = record.fields.filter { !$0.name.isEmpty && record.pair(named: $0.name) == $0 }
            var fields: [String] = []
            var passes = true
            var chosen: Set<String> = []
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let pair = names[Int(random.next() % UInt64(names.count))]
                // A bare proctitle runs to the end of its line: it is written alone.
                guard chosen.insert(pair.name).inserted, pair.name != "proctitle" || chosen.count == 1 else { continue }
                let text = HexText.decodedValue(pair.name, in: record) ?? pair.value
                switch Draw.allCases[Int(random.next() % UInt64(Draw.allCases.count))] {
                case .text: fields.append(written(pair.name, "=", text))
                case .asWritten: fields.append(written(pair.name, "=", pair.value))
                case .spoken:
                    guard let value = spokenRecord?[field: pair.name] else { continue }
                    fields.append(written(pair.name, "=", value))
                case .regex:
                    // Drawn from ausearch's spelling: a raw record's regex sees its interpretation
                    // too, while ausearch -i text has lost the raw spelling (see the docs).
                    guard let spelling = spokenRecord?[field: pair.name] else { continue }
                    fields.append(written(pair.name, "~=", NSRegularExpression.escapedPattern(for: spelling)))
                case .wrong:
                    fields.append(written(pair.name, "=", text + "Z"))
                    passes = false
                }
            }
            guard !fields.isEmpty, !chosen.contains("proctitle") || fields.count == 1 else { continue }
            let source = "scenario \"case \(cases.count)\"\nexpect event\n    type=\(record.type) \(fields.joined(separator: " "))\n"
            cases.append(Case(source: source, passes: passes))
        }
        return cases
    }

    @Test(arguments: [UInt64(14), 2026, 90210])
    func everyFormatGivesTheSameVerdict(seed: UInt64) throws {
        let cases = try Self.cases(count: 500, seed: seed)
        let scenarios = try cases.enumerated().map { index, drawn in
            try #require(try? ScenarioParser().parse(source: drawn.source, path: "case-\(index).scenario").get(), "\(drawn.source)")
        }
        var verdicts: [String: [String]] = [:]
        for log in Self.logs {
            let results = try ReplayRunner(parser: RecordParser(typeName: AuditNames.recordType), profiles: .defaults)
                .check(scenarios, log: Self.path(log))
            verdicts[log] = results.map(\.verdict.label)
        }
        var wrong = 0
        for (index, drawn) in cases.enumerated() {
            let seen = Self.logs.map { verdicts[$0]![index] }
            let want = drawn.passes ? "PASS" : "FAIL"
            guard seen.contains(where: { $0 != want }) else { continue }
            wrong += 1
            if wrong <= 25 { Issue.record("\(zip(Self.logs, seen).map { "\($0)=\($1)" }.joined(separator: " ")), want \(want):\n\(drawn.source)") }
        }
        #expect(wrong == 0, "\(wrong) of \(cases.count) expectations got another verdict than they should in some format")
        #expect(cases.filter(\.passes).count > 200 && cases.filter { !$0.passes }.count > 50, "both kinds drawn")
    }
}

/// A small seeded generator, so a failing draw can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
