import Foundation
import Testing
@testable import VirtualMachine

/// A kernel built with CONFIG_IKCONFIG carries its config: found in the image's payload when
/// nothing else gives it, whichever way the payload is compressed.
struct EmbeddedConfigTests {
    static let config = "CONFIG_AUDIT=y\nCONFIG_AUDITSYSCALL=y\n" + (0..<12).map { "CONFIG_OPTION_\($0)=y\n" }.joined()

    /// A bzImage whose payload, compressed with `compressor`, is a "kernel" holding `inside`.
    static func image(compressor: String, inside: [UInt8]) throws -> String {
        try image(compressor: compressor, kernel: [UInt8](repeating: 0x90, count: 4096) + inside + [UInt8](repeating: 0xCC, count: 4096))
    }

    /// A bzImage whose payload, compressed with `compressor`, unpacks to `kernel`.
    static func image(compressor: String, kernel: [UInt8]) throws -> String {
        var bytes = KernelImageTests.fakeBzImage(version: "6.9.0-ikconfig-test #1")
        let payload = try KernelPayload.run([compressor, "-c"], on: kernel).get()
        bytes[0x1F1] = 1  // one setup sector: the payload's offset counts from 0x400, where it starts
        for (index, value) in [(0x248, 0), (0x24C, payload.count)] {
            for shift in 0..<4 { bytes[index + shift] = UInt8((value >> (8 * shift)) & 0xFF) }
        }
        let path = NSTemporaryDirectory() + "auditspec-ikconfig-\(UUID().uuidString)/vmlinuz"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes + payload)))
        return path
    }

    static func withConfig() throws -> [UInt8] {
        Array("IKCFG_ST".utf8) + (try KernelPayload.run(["gzip", "-c"], on: Array(config.utf8)).get()) + Array("IKCFG_ED".utf8)
    }

    @Test(arguments: ["gzip", "xz"])
    func theImagesOwnConfigIsReadWhenNothingElseGivesIt(compressor: String) throws {
        let path = try Self.image(compressor: compressor, inside: try Self.withConfig())
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let config = try KernelConfig.locate(for: try KernelImage.inspect(path), explicit: nil)
        #expect(config["CONFIG_AUDITSYSCALL"] == "y")
        #expect(config.source == "\(path) (its own, CONFIG_IKCONFIG)")
    }

    @Test func anImageWithoutOneSaysSo() throws {
        let path = try Self.image(compressor: "gzip", inside: Array("no config here".utf8))
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect {
            _ = try KernelConfig.locate(for: try KernelImage.inspect(path), explicit: nil)
        } throws: { error in
            "\(error)".contains("and it holds no config of its own (CONFIG_IKCONFIG); pass it with --config FILE")
        }
    }
}
