import AuditRecords
import Foundation
import Testing

/// A log is cut into chunks parsed by several threads and put back in order: however it is
/// cut, and by however many threads, the reader must yield what one pass over it yields.
struct LogReaderChunkTests {
    /// Raw records, an ausearch group after a separator, a blank line, a CRLF line, lines that
    /// cannot be read, a capture line, and a last line without its newline.
    static let log = """
        type=SYSCALL msg=audit(1700000000.001:1): arch=c000003e syscall=257 success=yes exit=3 comm="perl" key="one"
        type=PATH msg=audit(1700000000.001:1): item=0 name="/tmp/" nametype=PARENT

        type=SYSCALL msg=audit(1700000000.002:2): arch=c000003e syscall=257 comm="a very long command name, longer than a chunk" key="two"\r
        type=type=CWD msg=audit(1700000000.002:2): cwd="/root"
        {"type":1305,"text":"audit(1700000000.003:3): op=set audit_enabled=1 old=0 auid=0 ses=1 res=1"}
        {"not": "a capture"}
        type=EOE msg=audit(1700000000.002:2):
        ----
        type=PATH msg=audit(1700000000.004:4) : item=0 name=/tmp/x nametype=CREATE
        type=SYSCALL msg=audit(1700000000.004:4) : arch=x86_64 syscall=openat key=three
        type=PROCTITLE msg=audit(1700000000.005:5): proctitle=7065726C
        """

    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "auditspec-chunks-\(UUID().uuidString).log"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// What the reader yields, written out: events (their records' texts) and unreadable lines
    /// (their origin, reason and text), in the order given.
    static func read(_ path: String, workers: Int, chunkSize: Int, demand: FieldDemand = FieldDemand()) throws -> [String] {
        var reader = LogReader(parser: RecordParser(typeName: { $0 == 1305 ? "CONFIG_CHANGE" : nil }), demand: demand)
        reader.workers = workers
        reader.chunkSize = chunkSize
        var items: [String] = []
        try reader.read(path: path) { item in
            switch item {
            case .event(let event): items.append("event " + event.records.map { "\($0.type)|\($0.fields.count)|\($0.text)" }.joined(separator: " / "))
            case .unreadable(let record): items.append("unreadable \(record.origin ?? "?") \(record.reason) \(record.text)")
            }
        }
        return items
    }

    @Test(arguments: [(1, 1 << 17), (1, 1), (2, 7), (3, 40), (4, 200)])
    func anyCutAndAnyNumberOfThreadsReadsAsOnePass(workers: Int, chunkSize: Int) throws {
        let path = try Self.write(Self.log)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try Self.read(path, workers: 1, chunkSize: 1 << 20)
        #expect(try Self.read(path, workers: workers, chunkSize: chunkSize) == whole)
        // The pass itself: every record kept, unreadable lines at their own line numbers.
        #expect(whole.filter { $0.hasPrefix("event") }.count == 5)
        #expect(whole.contains { $0.hasPrefix("unreadable \(path):5 'type=CWD' is not a record type name (type= is written twice)") })
        #expect(whole.contains { $0.hasPrefix("unreadable \(path):7 not a capture line") })
        #expect(whole.contains { $0.contains("CONFIG_CHANGE|") && $0.contains("audit_enabled=1") })
        #expect(whole.contains { $0.contains("proctitle=7065726C") }, "the last line has no newline and is read all the same")
        #expect(!whole.contains { $0.contains("\r") }, "a CRLF line loses its CR")
    }

    /// Many chunks in flight, fewer than the file holds: the window bounds them, and order holds.
    @Test func aLargeLogReadByManyThreadsKeepsItsOrder() throws {
        let lines = (1...5000).map { serial in
            "type=SYSCALL msg=audit(1700000000.\(serial % 1000):\(serial)): arch=c000003e syscall=257 key=\"k\(serial)\""
        }
        let path = try Self.write(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let items = try Self.read(path, workers: 4, chunkSize: 512)
        #expect(items.count == 5000)
        #expect(items.first?.hasSuffix("key=\"k1\"") == true && items.last?.hasSuffix("key=\"k5000\"") == true)
        // Each line is an event of its own, ending in key="kN": the first out of place, if any.
        let keys = items.map { $0.split(separator: "\"").last.map(String.init) ?? "" }
        let misplaced = zip(keys, 1...5000).first { key, serial in key != "k\(serial)" }
        #expect(misplaced == nil)
    }

    /// A pipe cannot be read at an offset: chunks are read in turn, so it reads as a file does.
    @Test func aFIFOReadsAsAFileDoes() throws {
        let file = try Self.write(Self.log)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fifo = NSTemporaryDirectory() + "auditspec-chunks-\(UUID().uuidString).fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let writer = Thread {
            // Opening a FIFO for writing waits for its reader; the reader's open comes next.
            guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
            handle.write(Data(Self.log.utf8))
            try? handle.close()
        }
        writer.start()
        let expected = try Self.read(file, workers: 1, chunkSize: 1 << 20)
        let fromFIFO = try Self.read(fifo, workers: 2, chunkSize: 16)
        #expect(fromFIFO.map { $0.replacingOccurrences(of: fifo, with: file) } == expected)
    }

    /// A log that cannot be read is an error that says why, never a replay of nothing: a
    /// missing file, a folder (its reads fail with EISDIR), a read that fails (/proc/self/mem
    /// read from address 0 fails with EIO).
    @Test(arguments: [("/nonexistent/audit.log", "(No such file or directory)"),
                      ("/tmp", "(Is a directory)"),
                      ("/proc/self/mem", "(a read after line 0 failed: Input/output error)")])
    func aLogThatCannotBeReadSaysWhy(path: String, reason: String) {
        var message = ""
        do { _ = try Self.read(path, workers: 2, chunkSize: 64) } catch { message = "\(error)" }
        #expect(message == "\(path): cannot read this file \(reason)")
    }

    /// Once the caller needs no more fields, records are only grouped and counted; a line that
    /// cannot be read still keeps its text.
    @Test func anEndedDemandLeavesRecordsWithoutFieldsOrText() throws {
        let path = try Self.write(Self.log)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let demand = FieldDemand()
        demand.end()
        let items = try Self.read(path, workers: 2, chunkSize: 64, demand: demand)
        let events = items.filter { $0.hasPrefix("event") }
        #expect(events.count == 5)
        #expect(events.allSatisfy { !$0.contains("key=") && !$0.contains("|1|") }, "\(events)")
        #expect(items.contains { $0.hasPrefix("unreadable") && $0.contains("type=type=CWD") })
    }

    /// Records read in part from a regular file keep their lines' offsets, not their text;
    /// `completed` reads them again in full, as a full first reading would have.
    @Test func recordsReadInPartAreCompletedFromTheirLines() throws {
        let path = try Self.write(Self.log)
        defer { try? FileManager.default.removeItem(atPath: path) }
        func events(_ parser: RecordParser, _ path: String) throws -> [AuditEvent] {
            var reader = LogReader(parser: parser)
            reader.chunkSize = 40
            var events: [AuditEvent] = []
            try reader.read(path: path) { if case .event(let event) = $0 { events.append(event) } }
            return events
        }
        let full = try events(RecordParser(), path)
        let partialParser = RecordParser(selectsFields: { $0 == "SYSCALL" ? .only(FieldNameSet(["key"])) : .none })
        let partial = try events(partialParser, path)
        let raw = partial.flatMap(\.records).filter { !$0.type.hasPrefix("UNKNOWN[") }  // not the capture line's, read in full
        #expect(!raw.isEmpty && raw.allSatisfy { $0.lineOffset != nil && $0.text.isEmpty && $0.fieldsArePartial })
        let completed = partial.map { LogReader(parser: partialParser).completed($0, from: path) }
        #expect(completed.map { $0.records.map(\.text) } == full.map { $0.records.map(\.text) })
        #expect(completed.map { $0.records.map(\.fields) } == full.map { $0.records.map(\.fields) })

        // The file rewritten under the reader: the record says its line is gone, it does not vanish.
        try "short\n".write(toFile: path, atomically: false, encoding: .utf8)
        let stale = LogReader(parser: partialParser).completed(try #require(partial.last), from: path)
        #expect(stale.records.count == partial.last?.records.count)
        #expect(stale.records.allSatisfy { $0.text.contains("can no longer be read") })
    }
}
