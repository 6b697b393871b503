import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a file statement inside the scenario's directory when it runs.
///
/// The parser admits only paths written under `$tmp` without `..`; but a symbolic link made
/// by an earlier step (`symlink /etc $tmp/etc`) could still lead a later call elsewhere. So,
/// just before the call, the directory that holds the path must resolve inside `$tmp`, and a
/// call that follows a link in the last component (append, chmod, write) must land inside too.
/// A path that does not resolve at all is let through: its call fails (ENOENT), harmlessly.
enum PathConfinement {
    /// nil when `path` stays inside `root`; else why not.
    static func refusal(of path: String, followsLink: Bool, within root: String) -> String? {
        guard let realRoot = resolved(root) else { return "the scenario's directory \(root) is gone" }
        guard path == root || path.hasPrefix(root + "/") else { return "\(path) is not under \(root)" }
        // The directory itself (`chmod 0711 $tmp`): its parent is outside by design, and it is
        // the very folder the runner made, no link.
        if path == root { return nil }
        let parent = (path as NSString).deletingLastPathComponent
        if let realParent = resolved(parent), !inside(realParent, realRoot) {
            return "\(parent) leads to \(realParent), outside the scenario's directory"
        }
        var info = stat()
        if followsLink, lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
           let destination = resolved(path), !inside(destination, realRoot) {
            return "\(path) is a symbolic link to \(destination), outside the scenario's directory"
        }
        return nil
    }

    private static func inside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root + "/")
    }

    private static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }
}
