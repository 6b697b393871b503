import Foundation

/// One line of a capture (`auditspec run --capture FILE`): a message exactly as the kernel sent
/// it over netlink, as JSON: `{"type":1300,"text":"audit(...): ..."}`, or with `"base64"` in
/// place of `"text"` when the bytes are not UTF-8, so that a replay sees every byte the live
/// run saw, EOE records included.
public struct CaptureLine: Codable, Hashable, Sendable {
    public var type: Int
    public var text: String?
    public var base64: String?

    public init(type: Int, payload: [UInt8]) {
        self.type = type
        if let text = String(validating: payload, as: UTF8.self) {
            self.text = text
        } else {
            self.base64 = Data(payload).base64EncodedString()
        }
    }

    public var payload: [UInt8]? {
        if let text { return Array(text.utf8) }
        return base64.flatMap { Data(base64Encoded: $0) }.map(Array.init)
    }

    /// The line to write, without its newline.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public static func decode(_ line: ArraySlice<UInt8>) -> CaptureLine? {
        try? JSONDecoder().decode(CaptureLine.self, from: Data(line))
    }
}
