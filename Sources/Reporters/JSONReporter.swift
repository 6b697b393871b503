import Foundation
import Matching

/// The results of a run as one JSON document: the run's facts and every `ScenarioResult`,
/// whole (verdicts, diffs, records), so that another process can print the same console and
/// JUnit reports from it. `auditspec vm` relies on this: the guest writes the file into a
/// directory shared with the host, and the host reads it back.
///
/// The file is rewritten after every scenario (`complete` false) and once more at the end
/// (`complete` true), each time by a rename, so a reader never sees half a document and a run
/// that dies (a guest kernel panic, a SIGKILL) still leaves every result it had reached.
public struct JSONReport: Codable, Hashable, Sendable {
    /// What the file says it is, so a reader can refuse anything else with a clear message.
    public static let formatName = "auditspec-results"
    /// Bumped when a reader of an older version could misread the document; new fields a
    /// reader does not know are ignored, so adding one does not bump it. Version 2 wrote
    /// verdicts as `{"status": ...}` (docs/results-schema.md); version 1 files are still read.
    public static let currentVersion = 2

    public var format: String
    public var version: Int
    public var run: Run
    /// False while the run is still going (or when it died before its end).
    public var complete: Bool
    public var results: [ScenarioResult]

    /// The run's facts; `RunInfo` holds tuples, which are not Codable, so this is its JSON twin.
    public struct Run: Codable, Hashable, Sendable {
        public var kernelRelease: String
        public var hostname: String
        public var startedAt: String
        public var properties: [Property]

        /// The value of the first property of that name.
        public func property(_ name: String) -> String? { properties.first { $0.name == name }?.value }
    }

    public struct Property: Codable, Hashable, Sendable {
        public var name: String
        public var value: String
    }

    public init(info: RunInfo, results: [ScenarioResult], complete: Bool) {
        format = Self.formatName
        version = Self.currentVersion
        run = Run(kernelRelease: info.kernelRelease, hostname: info.hostname, startedAt: info.startedAt,
                  properties: info.properties.map { Property(name: $0.0, value: $0.1) })
        self.complete = complete
        self.results = results
    }

    /// The run's facts as the other reporters take them.
    public var info: RunInfo {
        RunInfo(kernelRelease: run.kernelRelease, hostname: run.hostname, startedAt: run.startedAt,
                properties: run.properties.map { ($0.name, $0.value) })
    }
}

/// Why a results file could not be read.
public struct JSONReportError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Writes and reads `JSONReport` files (`auditspec run --json FILE`).
public struct JSONReporter {
    public init() {}

    public func document(_ results: [ScenarioResult], info: RunInfo, complete: Bool = true) -> Data {
        // Everything in a report is plain Codable data; encoding cannot fail short of a bug.
        return (try? Self.encoder().encode(JSONReport(info: info, results: results, complete: complete))) ?? Data("{}".utf8)
    }

    /// Writes the document beside `path`, flushes it to storage and renames it into place, so
    /// a reader (or a host watching a 9p share) sees the previous version or this one, never a
    /// part of it, even when the writer's kernel dies just after.
    public func write(_ results: [ScenarioResult], info: RunInfo, complete: Bool = true, to path: String) throws(JSONReportError) {
        try Self.replace(path, with: document(results, info: info, complete: complete))
    }

    /// Writes `data` beside `path`, flushes it and renames it into place.
    static func replace(_ path: String, with data: Data) throws(JSONReportError) {
        let temporary = path + ".partial"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JSONReportError(path: path, reason: "cannot write: \(String(cString: strerror(errno)))") }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; failure = errno; return }
                offset += written
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw JSONReportError(path: path, reason: "cannot write: \(String(cString: strerror(failure)))")
        }
    }

    /// The encoder of every results document.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        // Sorted keys: two runs' files can be compared with diff.
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Reads a results file, refusing anything that is not one (with what it is instead).
    public static func read(from path: String) throws(JSONReportError) -> JSONReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JSONReportError(path: path, reason: "no such file, or it cannot be read")
        }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String = "<data>") throws(JSONReportError) -> JSONReport {
        struct Header: Decodable { var format: String?; var version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw JSONReportError(path: path, reason: "not a JSON object (\(data.count) bytes)")
        }
        guard header.format == JSONReport.formatName else {
            throw JSONReportError(path: path, reason: "not an auditspec results file (format \(header.format.map { "'\($0)'" } ?? "missing"))")
        }
        guard let version = header.version, version <= JSONReport.currentVersion else {
            throw JSONReportError(path: path, reason: "results format version \(header.version.map(String.init) ?? "missing") is newer than this auditspec reads (\(JSONReport.currentVersion))")
        }
        do {
            return try JSONDecoder().decode(JSONReport.self, from: data)
        } catch {
            throw JSONReportError(path: path, reason: "malformed results: \(error)")
        }
    }
}
