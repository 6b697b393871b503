import Foundation
@testable import POSIXSupport
import TestSupport
import Testing

struct KernelBuildIDTests {
    /// One ELF note: header words (little-endian), then name and descriptor padded to 4 bytes.
    private func note(name: String, type: UInt32, descriptor: [UInt8]) -> [UInt8] {
        func word(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> ($0 * 8)) & 0xFF) } }
        func pad(_ bytes: [UInt8]) -> [UInt8] { bytes + Array(repeating: 0, count: (4 - bytes.count % 4) % 4) }
        let nameBytes = Array(name.utf8) + [0]
        return word(nameBytes.count) + word(descriptor.count) + word(Int(type)) + pad(nameBytes) + pad(descriptor)
    }

    @Test func theGNUBuildIDIsFoundAfterOtherNotes() {
        let id: [UInt8] = [0x85, 0xC7, 0xE4, 0xE2, 0xED, 0x76, 0xF4, 0x41, 0x7E, 0x8A, 0xAA, 0xD7, 0xC6, 0xB0, 0x40, 0xD2, 0xBB, 0x89, 0x7A, 0x26]
        let notes = note(name: "Linux", type: 6, descriptor: Array("6.1.0".utf8)) + note(name: "Xen", type: 3, descriptor: [1, 2, 3])
            + note(name: "GNU", type: 3, descriptor: id)
        let found = KernelBuildID.find(in: notes)
        #expect(found == "85c7e4e2ed76f4417e8aaad7c6b040d2bb897a26")
    }

    @Test func truncatedOrAbsentNotesGiveNoID() {
        let whole = note(name: "GNU", type: 3, descriptor: Array(repeating: 0xAB, count: 20))
        #expect(KernelBuildID.find(in: Array(whole.dropLast(4))) == nil)
        #expect(KernelBuildID.find(in: []) == nil)
        #expect(KernelBuildID.find(in: note(name: "Linux", type: 6, descriptor: [1])) == nil)
        // A length far beyond the data is not followed.
        #expect(KernelBuildID.find(in: [0xFF, 0xFF, 0xFF, 0x7F] + Array(whole.dropFirst(4))) == nil)
    }

    /// Against the file itself: where /sys/kernel/notes holds a GNU build-id note (type 3, name
    /// "GNU"), the id is found and is bytes of that file; where it holds none, there is no id.
    @Test func theRunningKernelsIDIsTheBuildIDNoteOfSysKernelNotes() throws {
        guard let data = FileManager.default.contents(atPath: "/sys/kernel/notes") else {
            if LiveRequirement.required { Issue.record("no /sys/kernel/notes on this machine") }
            return
        }
        let bytes = [UInt8](data)
        let marker: [UInt8] = [3, 0, 0, 0] + Array("GNU".utf8) + [0]
        let hasBuildID = bytes.indices.contains { bytes[$0...].starts(with: marker) }
        let id = KernelBuildID.running()
        #expect((id != nil) == hasBuildID, "notes hold a build id: \(hasBuildID); found: \(id ?? "none")")
        if let id {
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            #expect(id.count >= 16 && hex.contains(id.lowercased()), "\(id) is not in the notes")
        }
    }
}
