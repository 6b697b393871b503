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

    /// The running kernel's notes, walked here on their own: every kernel's file is a whole
    /// sequence of notes, and the id found is the descriptor of its one GNU build-id note (type
    /// 3), in hex, or none where the kernel has no such note.
    @Test(.requires(RunningKernelNotes.prerequisite)) func theRunningKernelsIDIsTheBuildIDNoteOfSysKernelNotes() throws {
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: RunningKernelNotes.path)))
        func word(_ offset: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << ($1 * 8) } }
        func padded(_ size: Int) -> Int { (size + 3) / 4 * 4 }
        var notes: [(name: [UInt8], type: Int, descriptor: [UInt8])] = []
        var offset = 0
        while offset + 12 <= bytes.count {
            let nameSize = word(offset), descriptorSize = word(offset + 4)
            let name = offset + 12, descriptor = name + padded(nameSize), end = descriptor + padded(descriptorSize)
            try #require(end <= bytes.count, "the note at byte \(offset) runs past the end (\(bytes.count) bytes)")
            notes.append((Array(bytes[name..<(name + nameSize)]), word(offset + 8), Array(bytes[descriptor..<(descriptor + descriptorSize)])))
            offset = end
        }
        #expect(offset == bytes.count, "the notes fill the file: \(offset) of \(bytes.count) bytes")
        #expect(!notes.isEmpty)
        let buildIDs = notes.filter { $0.name == Array("GNU".utf8) + [0] && $0.type == 3 }
        #expect(buildIDs.count <= 1)
        let expected = buildIDs.first.map { $0.descriptor.map { String(format: "%02x", $0) }.joined() }
        #expect(KernelBuildID.running() == expected)
    }
}

/// The kernel's ELF notes as it exposes them.
enum RunningKernelNotes {
    static let path = "/sys/kernel/notes"
    static let prerequisite = Prerequisite("the kernel's notes", unavailableReason:
        FileManager.default.isReadableFile(atPath: path) ? nil : "no readable \(path) on this machine")
}
