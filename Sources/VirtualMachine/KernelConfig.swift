import Foundation

/// A kernel's build configuration (`.config`, /boot/config-RELEASE): option name to value.
///
/// `CONFIG_X=y`, `=m`, `="text"` and `=123` are kept as written (quotes removed);
/// `# CONFIG_X is not set` and an absent option both read as "n".
public struct KernelConfig: Sendable {
    public var values: [String: String]
    /// Where it was read from, for messages.
    public var source: String

    public init(text: String, source: String) {
        self.source = source
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("# CONFIG_"), trimmed.hasSuffix(" is not set") {
                let name = trimmed.dropFirst(2).dropLast(" is not set".count)
                values[String(name)] = "n"
            } else if trimmed.hasPrefix("CONFIG_"), let equals = trimmed.firstIndex(of: "=") {
                var value = trimmed[trimmed.index(after: equals)...]
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
                values[String(trimmed[..<equals])] = String(value)
            }
        }
        self.values = values
    }

    public subscript(_ name: String) -> String {
        values[name] ?? "n"
    }

    /// Whether this looks like a kernel config at all (a file of something else parses empty).
    public var isPlausible: Bool { values.count >= 10 }

    public static func read(_ path: String) throws(VMError) -> KernelConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VMError(.usage, "\(path): no such file, or it cannot be read")
        }
        let config = KernelConfig(text: String(decoding: data, as: UTF8.self), source: path)
        guard config.isPlausible else {
            throw VMError(.usage, "\(path) is not a kernel config (no CONFIG_ lines)")
        }
        return config
    }

    /// Finds the config that belongs to an image: given with `--config`, else beside the image
    /// as a distribution installs it (`config-RELEASE` next to `vmlinuz-RELEASE`), else
    /// /boot/config-RELEASE, else the `.config` of the build tree the image was built in, else
    /// the config a CONFIG_IKCONFIG image carries (EmbeddedConfig).
    public static func locate(for image: KernelImage, explicit: String?) throws(VMError) -> KernelConfig {
        if let explicit { return try read(explicit) }
        var tried: [String] = []
        let folder = (image.path as NSString).deletingLastPathComponent
        if !image.release.isEmpty {
            for candidate in [(folder.isEmpty ? "." : folder) + "/config-" + image.release, "/boot/config-" + image.release] {
                if tried.contains(candidate) { continue }
                tried.append(candidate)
                if FileManager.default.fileExists(atPath: candidate) { return try read(candidate) }
            }
        }
        // arch/x86/boot/bzImage (or vmlinux at the top): walk up to the folder with Makefile and .config.
        var tree = URL(fileURLWithPath: image.path).deletingLastPathComponent().standardizedFileURL
        for _ in 0..<4 {
            let candidate = tree.appendingPathComponent(".config").path
            if FileManager.default.fileExists(atPath: tree.appendingPathComponent("Makefile").path),
               FileManager.default.fileExists(atPath: candidate) {
                return try read(candidate)
            }
            tried.append(candidate)
            if tree.path == "/" { break }
            tree.deleteLastPathComponent()
        }
        // Last, the config a CONFIG_IKCONFIG kernel carries (unpacking it takes a moment).
        var inside = "it holds no config of its own (CONFIG_IKCONFIG)"
        if let data = FileManager.default.contents(atPath: image.path) {
            switch EmbeddedConfig.extract(from: [UInt8](data)) {
            case .found(let text):
                let config = KernelConfig(text: text, source: "\(image.path) (its own, CONFIG_IKCONFIG)")
                if config.isPlausible { return config }
            case .absent:
                break
            case .unreadable(let reason):
                inside = "its own config (CONFIG_IKCONFIG) could not be read: \(reason)"
            }
        }
        throw VMError(.usage, "cannot find the config of \(image.path)"
                      + (image.release.isEmpty ? "" : " (release \(image.release))")
                      + ": looked for \(tried.joined(separator: ", ")), and \(inside); pass it with --config FILE")
    }
}
