import Foundation

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
public struct LogReader: Sendable {
    /// The log cannot be opened, or a read of it failed (the events before were delivered).
    public struct CannotOpen: Error, CustomStringConvertible {
        public var path: String
        /// strerror's words, and where a read failed.
        public var reason: String
        public init(path: String, reason: String = "") {
            self.path = path
            self.reason = reason
        }
        public var description: String { "\(path): cannot read this file" + (reason.isEmpty ? "" : " (\(reason))") }
    }

    public var parser: RecordParser
    static let timeHeader = Array("time->".utf8)
    /// Lines after which an event of a raw log with no EOE is taken as complete.
    public var quietLines = 64
    /// Threads that parse lines while the caller's thread groups and matches: parsing is
    /// most of a replay's cost, and chunks of a file parse independently.
    public var workers = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
    /// Bytes per chunk handed to a worker (about 800 lines): the hand-off costs nothing next
    /// to parsing them, and the few chunks in flight hold a few MiB. Larger chunks were no
    /// faster and cost 4 MiB of peak memory per 256 KiB (scripts/bench-replay).
    public var chunkSize = 1 << 17
    /// Set by the caller once no verdict needs another field: later records are only grouped
    /// and counted (`FieldSelection.countOnly`).
    public let demand: FieldDemand

    public init(parser: RecordParser, demand: FieldDemand = FieldDemand()) {
        self.parser = parser
        self.demand = demand
    }

    /// Streams the events of the file at `path` to `body`, in arrival order, on the caller's
    /// thread. Lines are read and parsed by `workers` threads meanwhile (see `ChunkFeed`).
    public func read(path: String, _ body: (LogItem) -> Void) throws(CannotOpen) {
        let feed: ChunkFeed<ParsedChunk>
        do { feed = try ChunkFeed(path: path, chunkSize: chunkSize, window: workers + 2) } catch {
            let words = String(cString: strerror(error.code))
            throw CannotOpen(path: path, reason: words)
        }
        let parser = self.parser, demand = self.demand
        // A record read in part from a regular file keeps where its line starts rather than its
        // text: `completed` reads the line again for the few events a report shows.
        let keepsOffsets = feed.isRegularFile
        feed.start(workers: workers, name: "auditspec log reader") { chunk, offset in
            // The selection of each record type, worked out once per chunk (see SelectionMemo).
            var memo = SelectionMemo()
            return Self.parse(chunk, at: keepsOffsets ? offset : nil, parser: parser) { type in
                demand.isOver ? .countOnly : memo.selection(for: type) { parser.selectsFields?($0) ?? .all }
            }
        }
        var grouping = Grouping(quietLines: quietLines)
        var linesBefore = 0
        while var chunk = feed.take() {
            // Each item is moved out of the chunk, not copied: a copy of a record retains each
            // of its strings, which cost this thread, the replay's busiest, a sixth of its time.
            // A moved-out slot is refilled with a trivial item, so the array stays whole.
            chunk.items.withUnsafeMutableBufferPointer { items in
                for index in items.indices {
                    let slot = items.baseAddress! + index
                    let item = slot.move()
                    slot.initialize(to: .separator)
                    switch consume item {
                    case .record(let record, let line): grouping.add(record, line: linesBefore + line).forEach { body(.event($0)) }
                    case .separator: grouping.separator().forEach { body(.event($0)) }
                    case .unreadable(var record, let line):
                        record.origin = "\(path):\(linesBefore + line)"
                        body(.unreadable(record))
                    }
                }
            }
            linesBefore += chunk.lineCount
        }
        grouping.finish().forEach { body(.event($0)) }
        if let code = feed.readError {
            throw CannotOpen(path: path, reason: "a read after line \(linesBefore) failed: \(String(cString: strerror(code)))")
        }
    }

    /// Whether the regular file at `path` is not empty and its last byte is no newline: its last
    /// line was cut (auditd writing it, a copy taken in part). False for what cannot be told.
    public static func endsWithoutNewline(path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return false }
        var last: UInt8 = 0
        guard pread(descriptor, &last, 1, status.st_size - 1) == 1 else { return false }
        return last != 0x0A
    }

    /// The event's records, each read in full: a record read in part is parsed again from its
    /// text, or from its line in the file at `path` when it kept the line's offset instead.
    public func completed(_ event: AuditEvent, from path: String) -> AuditEvent {
        guard event.records.contains(where: \.fieldsArePartial) else { return event }
        let file = event.records.contains { $0.lineOffset != nil } ? LogLineFile(path: path) : nil
        return AuditEvent(stamp: event.stamp, records: event.records.map { record in
            guard let offset = record.lineOffset else { return parser.completed(record) }
            guard let line = file?.line(at: offset),
                  case .success(let full) = parser.parseLine(line[...], origin: { nil }, selecting: { _ in .all }) else {
                // The file changed since it was read: say so where the text would be.
                var kept = record
                kept.text = "(the line at byte \(offset) of \(path) can no longer be read)"
                return kept
            }
            return full
        })
    }

    /// What one line of a log is, once read: all the grouping needs to know of it. Line numbers
    /// count from the start of the line's chunk.
    enum LineItem: Sendable {
        case record(AuditRecord, line: Int)
        /// ausearch's `----` between events.
        case separator
        case unreadable(UnreadableRecord, line: Int)
    }

    struct ParsedChunk: Sendable {
        var items: [LineItem] = []
        var lineCount = 0
    }

    /// Reads the lines of one chunk (whole lines, see `ChunkFeed`) into items; `offset` is the
    /// chunk's in the file, when records read in part are to keep their lines' offsets.
    static func parse(_ chunk: [UInt8], at offset: Int?, parser: RecordParser, selection: (String) -> FieldSelection) -> ParsedChunk {
        var parsed = ParsedChunk()
        var start = 0
        let end = chunk.count
        while start < end {
            let newline = chunk.withUnsafeBufferPointer { pointer -> Int in
                guard let hit = memchr(pointer.baseAddress! + start, 0x0A, end - start) else { return end }
                return UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - pointer.baseAddress!
            }
            let line = chunk[start..<newline]
            let lineOffset = offset.map { $0 + start }
            start = newline + 1
            parsed.lineCount += 1
            let number = parsed.lineCount
            let trimmed = line.last == 0x0D ? line.dropLast() : line
            if trimmed.isEmpty { continue }
            if trimmed.first == 0x2D, trimmed.elementsEqual("----".utf8) {  // '-'
                parsed.items.append(.separator)
            } else if trimmed.first == 0x74, trimmed.begins(with: timeHeader) {  // ausearch's header of an event
                continue
            } else if trimmed.first == 0x7B {  // '{': a line of an auditspec capture
                guard let capture = CaptureLine.decode(trimmed), let payload = capture.payload else {
                    parsed.items.append(.unreadable(UnreadableRecord(text: ByteText.decode(trimmed), reason: "not a capture line ({\"type\":N,\"text\":...})",
                                                                     offset: 0), line: number))
                    continue
                }
                switch parser.parseKernelMessage(type: capture.type, payload: payload) {
                case .success(let record): parsed.items.append(.record(record, line: number))
                case .failure(let unreadable): parsed.items.append(.unreadable(unreadable, line: number))
                }
            } else {
                switch parser.parseLine(trimmed, origin: { nil }, selecting: selection, lineOffset: lineOffset) {
                case .success(let record): parsed.items.append(.record(record, line: number))
                case .failure(let unreadable): parsed.items.append(.unreadable(unreadable, line: number))
                }
            }
        }
        return parsed
    }

    /// The grouping state: ausearch groups (reversed) or raw assembly (arrival order).
    struct Grouping {
        var assembler: EventAssembler
        var ausearchGroup: [AuditRecord] = []
        var sawSeparator = false

        init(quietLines: Int) {
            assembler = EventAssembler(quietTime: Double(quietLines))
        }

        mutating func add(_ record: consuming AuditRecord, line: Int) -> [AuditEvent] {
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
