import Foundation

/// The config a kernel built with CONFIG_IKCONFIG carries inside itself, found the way the
/// kernel's scripts/extract-ikconfig finds it: the unpacked kernel (KernelPayload) holds the gzip
/// of its .config between `IKCFG_ST` and `IKCFG_ED`.
enum EmbeddedConfig {
    enum Finding: Equatable {
        case found(String)
        /// Not built with CONFIG_IKCONFIG (or an image too old to say where its payload is).
        case absent
        /// It may hold one, but it could not be unpacked here: why.
        case unreadable(String)
    }

    static func extract(from image: [UInt8]) -> Finding {
        let kernel: [UInt8]
        switch KernelPayload.unpack(image) {
        case .kernel(let bytes): kernel = bytes
        case .absent: return .absent
        case .unreadable(let reason): return .unreadable(reason)
        }
        guard let begin = kernel.firstRange(of: Array("IKCFG_ST".utf8)),
              let end = kernel[begin.upperBound...].firstRange(of: Array("IKCFG_ED".utf8)) else { return .absent }
        switch KernelPayload.run(["gzip", "-dc"], on: Array(kernel[begin.upperBound..<end.lowerBound])) {
        case .success(let text): return .found(String(decoding: text, as: UTF8.self))
        case .failure(let failure): return .unreadable(failure.reason)
        }
    }
}
