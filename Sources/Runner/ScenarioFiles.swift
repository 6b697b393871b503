import Foundation

/// Finds scenario files: each argument is a file, or a folder searched recursively for
/// `*.scenario`, in a stable (sorted) order so that runs and reports compare.
public enum ScenarioFiles {
    public static let fileExtension = "scenario"

    public struct NotFound: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path): no such file or folder" }
    }

    public static func find(_ arguments: [String]) throws(NotFound) -> [String] {
        var files: [String] = []
        for argument in arguments {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else { throw NotFound(path: argument) }
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
