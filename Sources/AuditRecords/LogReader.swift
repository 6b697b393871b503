/// What a log yields: events in arrival order, and the lines it could not read (kept, with
/// their file and line number, never dropped).
public enum LogItem: Sendable {
    case event(AuditEvent)
    case unreadable(UnreadableRecord)
}

/// Reads a captured log into events, in the order the kernel sent their records.
///
/// Accepts auditspec's own captures (JSON lines of what the kernel sent, EOE included),
/// auditd's audit.log and `ausearch --raw` output (records in arrival order; events
/// grouped by stamp, interleaving allowed; auditd drops EOE, so an event ends a few lines after
/// its last record or at the end), and `ausearch` / `ausearch -i` output (events between `----`
/// lines, or consecutive records sharing a stamp, each printed in reverse arrival order, so each
/// is reversed back). Interpreted records (` : ` after the stamp) are always ausearch's.
public struct LogReader {
    public struct CannotOpen: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path): cannot open this file" }
    }

    public var parser: RecordParser
    /// Lines after which an event of a raw log with no EOE is taken as complete.
    public var quietLines = 64

    public init(parser: RecordParser) { self.parser = parser }

    /// Streams the events of the file at `path` to `body`, in arrival order.
    public func read(path: String, _ body: (LogItem) -> Void) throws(CannotOpen) {
        guard var lines = LineReader(path: path) else { throw CannotOpen(path: path) }
        defer { lines.close() }
        var grouping = Grouping(quietLines: quietLines)
        while let line = lines.next() {
            let number = lines.lineNumber
            let origin = { "\(path):\(number)" }
            let trimmed = line.last == 0x0D ? line.dropLast() : line
            if trimmed.isEmpty { continue }
            if trimmed.elementsEqual("----".utf8) {
                grouping.separator().forEach { body(.event($0)) }
                continue
            }
            if trimmed.starts(with: "time->".utf8) { continue }  // ausearch's header of an event
            if trimmed.first == 0x7B {  // '{': a line of an auditspec capture
                guard let capture = CaptureLine.decode(trimmed), let payload = capture.payload else {
                    body(.unreadable(UnreadableRecord(text: ByteText.decode(trimmed), reason: "not a capture line ({\"type\":N,\"text\":...})",
                                                      offset: 0, origin: origin())))
                    continue
                }
                switch parser.parseKernelMessage(type: capture.type, payload: payload) {
                case .success(let record): grouping.add(record, line: lines.lineNumber).forEach { body(.event($0)) }
                case .failure(var unreadable):
                    unreadable.origin = origin()
                    body(.unreadable(unreadable))
                }
                continue
            }
            switch parser.parseLine(trimmed, origin: origin, selecting: nil) {
            case .success(let record):
                grouping.add(record, line: lines.lineNumber).forEach { body(.event($0)) }
            case .failure(let unreadable):
                body(.unreadable(unreadable))
            }
        }
        grouping.finish().forEach { body(.event($0)) }
    }

    /// The grouping state: ausearch groups (reversed) or raw assembly (arrival order).
    struct Grouping {
        var assembler: EventAssembler
        var ausearchGroup: [AuditRecord] = []
        var sawSeparator = false

        init(quietLines: Int) {
            assembler = EventAssembler(quietTime: Double(quietLines))
        }

        mutating func add(_ record: AuditRecord, line: Int) -> [AuditEvent] {
            if sawSeparator || record.form == .interpreted {
                var done: [AuditEvent] = []
                if let last = ausearchGroup.last, last.stamp != record.stamp { done = flushGroup() }
                ausearchGroup.append(record)
                return done
            }
            // Looking for quiet events every 16 lines is enough: an event is quiet after 64.
            let done = assembler.add(record, at: Double(line))
            return line % 16 == 0 ? done + assembler.expire(now: Double(line)) : done
        }

        mutating func separator() -> [AuditEvent] {
            sawSeparator = true
            return assembler.finish() + flushGroup()
        }

        mutating func finish() -> [AuditEvent] {
            assembler.finish() + flushGroup()
        }

        /// ausearch printed the group newest record first: put it back in arrival order.
        private mutating func flushGroup() -> [AuditEvent] {
            guard let first = ausearchGroup.first else { return [] }
            let event = AuditEvent(stamp: first.stamp, records: ausearchGroup.reversed())
            ausearchGroup.removeAll(keepingCapacity: true)
            return [event]
        }
    }
}
