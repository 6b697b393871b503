import AuditRecords
import Foundation
import Testing

/// Record text shared by the tests of this target.
enum Samples {
    static let stamp = "1700000000.123:42"

    /// An auditd log line: `type=NAME msg=audit(STAMP): BODY`.
    static func logLine(type: String = "SYSCALL", stamp: String = Samples.stamp, body: String = "arch=c000003e syscall=257 key=\"k\"") -> String {
        "type=\(type) msg=audit(\(stamp)): \(body)"
    }

    /// A kernel netlink payload: `audit(STAMP): BODY`.
    static func kernelPayload(stamp: String = Samples.stamp, body: String = "a=b c=\"x y\"") -> [UInt8] {
        Array("audit(\(stamp)): \(body)".utf8)
    }

    static func parseLine(_ text: String) -> Result<AuditRecord, UnreadableRecord> {
        RecordParser().parseLine(Array(text.utf8))
    }

    /// A record built directly, for tests that need records rather than parsing.
    static func record(_ type: String, serial: UInt64? = 42, fields: [(String, String)] = []) -> AuditRecord {
        AuditRecord(type: type, stamp: serial.map { RecordStamp(time: "1700000000.123", serial: $0) },
                    fields: fields.map { RecordField(name: $0.0, value: $0.1) }, text: "type=\(type)")
    }

    /// The lines of a file under Tests/AuditRecordsTests/Fixtures, as bytes, without empty lines.
    static func fixtureLines(_ name: String) throws -> [[UInt8]] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
                               "fixture \(name) is not in the test bundle")
        let data = try Data(contentsOf: url)
        return data.split(separator: 0x0A).map(Array.init)
    }
}

extension Result {
    var success: Success? { if case .success(let value) = self { value } else { nil } }
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}
