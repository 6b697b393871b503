import Foundation
@testable import Runner
import Testing

/// A file statement stays inside the scenario's directory: the directory itself is its own
/// (`chmod 0711 $tmp`), a path outside it or through a link out of it is not.
struct PathConfinementTests {
    @Test func theDirectoryItselfAndItsFilesAreInsideAndALinkOutIsNot() throws {
        let root = NSTemporaryDirectory() + "auditspec-confine-\(getpid())"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/etc", withDestinationPath: "/etc")

        #expect(PathConfinement.refusal(of: root, followsLink: true, within: root) == nil)
        #expect(PathConfinement.refusal(of: root + "/file", followsLink: true, within: root) == nil)
        #expect(PathConfinement.refusal(of: "/tmp", followsLink: true, within: root) == "/tmp is not under \(root)")
        #expect(PathConfinement.refusal(of: root + "/etc/passwd", followsLink: true, within: root)?
            .contains("outside the scenario's directory") == true)
        #expect(PathConfinement.refusal(of: root + "/etc", followsLink: true, within: root)?
            .contains("is a symbolic link to /etc") == true)
    }
}
