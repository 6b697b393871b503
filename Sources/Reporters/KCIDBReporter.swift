import Foundation
import Matching

/// KCIDB I/O data (KernelCI's common reporting database, schema version 5): the kernel as a
/// checkout and a build, each scenario as a test of that build, with the path
/// `auditspec.<folder>.<scenario>`, its status, duration, and its diff or reason as the excerpt.
///
/// What auditspec knows of the kernel is what the run recorded: its release, the build id the
/// running kernel publishes, and the image's sha256 in a VM run. Those name the build (and the
/// checkout, whose commit auditspec cannot know); a CI system that knows its commit and tree
/// can merge its own checkout object with these tests by the ids.
public struct KCIDBReporter {
    /// The name of the CI system submitting (`^[a-z0-9_]+$`); ids start with it and a colon.
    public var origin: String

    public init(origin: String = "auditspec") { self.origin = origin }

    /// The longest log excerpt the schema accepts.
    static let excerptLimit = 16_384

    public func document(_ results: [ScenarioResult], info: RunInfo) -> Data {
        let properties = Dictionary(info.properties, uniquingKeysWith: { a, _ in a })
        let kernel = properties["kernel-build-id"].flatMap { $0.count == 40 ? $0 : nil }
            ?? properties["image-sha256"] ?? Self.clean(info.kernelRelease)
        let build = "\(origin):\(kernel)"
        var misc: [String: String] = ["kernel_release": info.kernelRelease, "hostname": info.hostname]
        for name in ["profiles", "kernel-build-id", "image-sha256", "scenarios-commit", "acceleration", "shard"] {
            if let value = properties[name] { misc[name] = value }
        }
        let run = Self.token(info.startedAt)
        let tests: [[String: Any]] = results.enumerated().map { index, result in
            var test: [String: Any] = [
                "id": "\(origin):\(kernel):\(run):\(index + 1)",
                "origin": origin,
                "build_id": build,
                "path": Self.path(of: result.path, title: result.title),
                "status": Self.status(result.verdict),
                "duration": result.duration,
                "comment": Self.clean(result.title),
                "misc": ["scenario": result.path, "verdict": result.verdict.label],
            ]
            if Self.isDate(info.startedAt) { test["start_time"] = info.startedAt }
            let excerpt = Self.excerpt(result.verdict)
            if !excerpt.isEmpty { test["log_excerpt"] = excerpt }
            return test
        }
        let document: [String: Any] = [
            "version": ["major": 5, "minor": 3],
            "checkouts": [["id": build, "origin": origin, "comment": "kernel \(Self.clean(info.kernelRelease))"]],
            "builds": [["id": build, "origin": origin, "checkout_id": build, "comment": "kernel \(Self.clean(info.kernelRelease))",
                        "misc": misc]],
            "tests": tests,
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
    }

    /// `scenarios/ghak90/contid-set.scenario` is `auditspec.ghak90.contid-set`; a parameter row
    /// (its values after the title, in brackets) adds a node of its own so rows stay apart.
    public static func path(of file: String, title: String) -> String {
        let parts = file.split(separator: "/").map(String.init)
        var name = parts.last ?? file
        if name.hasSuffix(".scenario") { name.removeLast(".scenario".count) }
        var nodes = ["auditspec"]
        if parts.count >= 2 { nodes.append(parts[parts.count - 2]) }
        nodes.append(name)
        if title.hasSuffix("]"), let open = title.lastIndex(of: "[") { nodes.append(String(title[title.index(after: open)..<title.index(before: title.endIndex)])) }
        return nodes.map(token).joined(separator: ".")
    }

    /// A path node or id part: letters, digits, `_` and `-` only.
    static func token(_ text: String) -> String {
        let mapped = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        return mapped.isEmpty ? "_" : mapped
    }

    static func status(_ verdict: Verdict) -> String {
        switch verdict {
        case .passed: return "PASS"
        case .failed: return "FAIL"
        case .error: return "ERROR"
        case .skipped: return "SKIP"
        }
    }

    static func excerpt(_ verdict: Verdict) -> String {
        let text: String
        switch verdict {
        case .passed: return ""
        case .skipped(let reason): text = "skipped: " + reason
        case .error(let phase, let message): text = "error at \(phase): \(message)"
        case .failed(let missing): text = missing.flatMap { DiffRenderer.render($0) }.joined(separator: "\n")
        }
        let cleaned = clean(text)
        guard cleaned.count > excerptLimit else { return cleaned }
        let marker = "\n[... cut: the JSON results hold it whole]"
        return String(cleaned.prefix(excerptLimit - marker.count)) + marker
    }

    /// The schema forbids NUL in strings; other control characters are made visible.
    static func clean(_ text: String) -> String { VisibleText.escape(text) }

    static func isDate(_ text: String) -> Bool { text.count >= 20 && text.contains("T") }
}
