import AuditRecords
import Foundation
import Testing

/// A capture keeps every byte the kernel sent: text when it is UTF-8, base64 when it is not,
/// and a replay of it reads the record with those bytes escaped, not lost.
struct CaptureLineTests {
    @Test func textAndBytesComeBackAsTheyWere() throws {
        let utf8 = Array("audit(1.000:5): cwd=\"/tmp\"".utf8)
        let text = CaptureLine(type: 1307, payload: utf8)
        #expect(text.text != nil && text.base64 == nil)
        #expect(CaptureLine.decode(Array(text.encoded().utf8)[...])?.payload == utf8)

        let bytes = Array("audit(1.000:6): name=\"".utf8) + [0xFF, 0xFE, 0x41] + Array("\"".utf8)
        let binary = CaptureLine(type: 1302, payload: bytes)
        #expect(binary.text == nil && binary.base64 != nil)
        #expect(binary.encoded().contains("\"base64\""))
        #expect(CaptureLine.decode(Array(binary.encoded().utf8)[...])?.payload == bytes)
    }

    @Test func aReplayOfBytesThatAreNotUTF8KeepsThemEscaped() throws {
        let bytes = Array("audit(1.000:6): item=0 name=\"".utf8) + [0xFF, 0x41] + Array("\" nametype=CREATE".utf8)
        let path = NSTemporaryDirectory() + "auditspec-capture-\(UUID().uuidString).jsonl"
        try (CaptureLine(type: 1302, payload: bytes).encoded() + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var records: [AuditRecord] = []
        try LogReader(parser: RecordParser(typeName: { $0 == 1302 ? "PATH" : nil })).read(path: path) { item in
            if case .event(let event) = item { records += event.records }
        }
        #expect(records.map(\.type) == ["PATH"])
        let name = try #require(records.first?[field: "name"])
        #expect(name.contains("A"), "\(name)")
        #expect(name != "A", "the byte 0xFF is kept, escaped: \(name)")
        #expect(records.first?[field: "nametype"] == "CREATE")
    }
}
