import Foundation

/// Finds scenario files: each argument is a file, or a folder searched recursively for
/// `*.scenario`, in a stable (sorted) order so that runs and reports compare.
public enum ScenarioFiles {
    public static let fileExtension = "scenario"

    public struct NotFound: Error, CustomStringConvertible {
        public var path: String
        /// Why, in a few words: "no such file or folder" unless a link says otherwise.
        public var reason = "no such file or folder"
        public var description: String { "\(path): \(reason)" }
    }

    /// Why `path`, which does not lead to a file, does not: a symbolic link that loops or
    /// leads nowhere is told apart from a name that does not exist.
    static func notFound(_ path: String) -> NotFound {
        var link = stat()
        guard lstat(path, &link) == 0 else { return NotFound(path: path) }
        var target = stat()
        if stat(path, &target) != 0, errno == ELOOP { return NotFound(path: path, reason: "a symbolic link loop (it leads back to itself)") }
        if (link.st_mode & S_IFMT) == S_IFLNK { return NotFound(path: path, reason: "a symbolic link to nothing (its target does not exist)") }
        return NotFound(path: path, reason: "cannot be read (\(String(cString: strerror(errno))))")
    }

    public static func find(_ arguments: [String]) throws(NotFound) -> [String] {
        var files: [String] = []
        for argument in arguments {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else { throw notFound(argument) }
            guard isFolder.boolValue else { files.append(argument); continue }
            let base = argument.hasSuffix("/") ? String(argument.dropLast()) : argument
            let found = (FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix("." + fileExtension) }
                .sorted()
                .map { base + "/" + $0 }
            files += found
        }
        return files
    }
}
