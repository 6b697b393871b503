import Foundation

/// The kernel inside a bzImage: its compressed payload (offset and length in the setup header,
/// from boot protocol 2.08), unpacked with the tool its magic names. Used to read a config
/// built in (EmbeddedConfig) and to boot the kernel without decompressing it under emulation
/// (UnpackedKernel).
enum KernelPayload {
    enum Unpacked {
        case kernel([UInt8])
        /// Not a bzImage that says where its payload is (protocol before 2.08).
        case absent
        /// It could not be unpacked here: why.
        case unreadable(String)
    }

    /// Each compression's magic bytes, and the command that unpacks it to stdout.
    static let unpackers: [(magic: [UInt8], command: [String])] = [
        ([0x1F, 0x8B], ["gzip", "-dc"]),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], ["xz", "-dc"]),
        ([0x28, 0xB5, 0x2F, 0xFD], ["zstd", "-dc"]),
        ([0x5D, 0x00, 0x00], ["xz", "--format=lzma", "-dc"]),
        (Array("BZh".utf8), ["bzip2", "-dc"]),
        ([0x02, 0x21, 0x4C, 0x18], ["lz4", "-dc"]),
        ([0x89, 0x4C, 0x5A, 0x4F], ["lzop", "-dc"]),
    ]

    static func unpack(_ image: [UInt8]) -> Unpacked {
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(image[at + $1]) << (8 * $1) } }
        guard image.count > 0x250, image[0x202..<0x206].elementsEqual("HdrS".utf8),
              Int(image[0x206]) | Int(image[0x207]) << 8 >= 0x208 else { return .absent }
        let setupSectors = image[0x1F1] == 0 ? 4 : Int(image[0x1F1])
        let start = (setupSectors + 1) * 512 + u32(0x248), length = u32(0x24C)
        guard length > 0, start >= 0, start + length <= image.count else { return .absent }
        let payload = Array(image[start..<(start + length)])
        guard let unpacker = unpackers.first(where: { payload.starts(with: $0.magic) }) else {
            return .unreadable("its payload is compressed in a way auditspec does not know")
        }
        switch run(unpacker.command, on: payload) {
        case .success(let bytes): return .kernel(bytes)
        case .failure(let failure): return .unreadable(failure.reason)
        }
    }

    struct UnpackFailure: Error { var reason: String }

    /// `command` (gzip -dc, xz -dc...) run on `bytes`, written to a temporary file so that no
    /// pipe can fill up both ways; what it printed, even with a warning about trailing bytes
    /// (a kernel payload has them). Killed after 60 s.
    static func run(_ command: [String], on bytes: [UInt8]) -> Result<[UInt8], UnpackFailure> {
        let input = NSTemporaryDirectory() + "auditspec-payload-\(getpid())-\(UUID().uuidString)"
        defer { unlink(input) }
        guard FileManager.default.createFile(atPath: input, contents: Data(bytes)) else {
            return .failure(UnpackFailure(reason: "cannot write \(input) to unpack it"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command + [input]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            return .failure(UnpackFailure(reason: "cannot run \(command[0]): \(error)"))
        }
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        // env's 127: the tool is not installed.
        if process.terminationStatus == 127 {
            return .failure(UnpackFailure(reason: "\(command[0]) is not installed (apt-get install \(command[0] == "xz" ? "xz-utils" : command[0]))"))
        }
        guard !data.isEmpty else { return .failure(UnpackFailure(reason: "\(command.joined(separator: " ")) unpacked nothing")) }
        return .success(Array(data))
    }
}
