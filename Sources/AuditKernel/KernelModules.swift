import CPOSIX
import Foundation
import SystemTypes

/// The running kernel's loadable modules, where modprobe finds them: the file of a module
/// named in a scenario (`module load dummy`), so no scenario names a kernel release.
public enum KernelModules {
    /// Where the running kernel's modules are: /lib/modules/RELEASE (`auditspec vm` shows its
    /// `--modules` folder, or the installed one, there in the guest).
    public static var folder: String { "/lib/modules/" + KernelProbe.kernelRelease() }

    /// The module's file, or why this kernel cannot load it: built without CONFIG_MODULES
    /// (no /proc/modules), no modules.dep for its release, no such module there, a module
    /// that needs others loaded first, or one already loaded (its load could log nothing new).
    public static func file(of name: String) -> Result<String, Unavailable> {
        guard let loaded = try? String(contentsOfFile: "/proc/modules", encoding: .utf8) else {
            return .failure(Unavailable("the kernel has no loadable modules: /proc/modules is absent (built without CONFIG_MODULES)"))
        }
        let release = KernelProbe.kernelRelease()
        let index = folder + "/modules.dep"
        guard let dependencies = try? String(contentsOfFile: index, encoding: .utf8) else {
            return .failure(Unavailable("no modules for the running kernel \(release): \(index) cannot be read"))
        }
        for line in dependencies.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let path = line[..<colon]
            let file = path.split(separator: "/").last.map(String.init) ?? ""
            guard file.hasSuffix(".ko") || file.contains(".ko.") else { continue }
            let moduleName = String(file.prefix { $0 != "." }.map { $0 == "-" ? "_" : $0 })
            guard moduleName == name else { continue }
            guard file.hasSuffix(".ko") else {
                return .failure(Unavailable("module \(name) of \(release) is compressed (\(file)): finit_module takes it as is only with MODULE_INIT_COMPRESSED_FILE, which 'module load' does not use"))
            }
            let needs = line[line.index(after: colon)...].split(separator: " ")
            guard needs.isEmpty else {
                return .failure(Unavailable("module \(name) of \(release) needs \(needs.joined(separator: ", ")) loaded first, which 'module load' does not do"))
            }
            if loaded.split(separator: "\n").contains(where: { $0.split(separator: " ").first.map(String.init) == name }) {
                return .failure(Unavailable("module \(name) is loaded already (/proc/modules): its load could not be observed"))
            }
            return .success(path.hasPrefix("/") ? String(path) : folder + "/" + path)
        }
        return .failure(Unavailable("the running kernel \(release) has no module \(name) (\(index))"))
    }

    /// delete_module(2) by the runner (O_NONBLOCK, as rmmod): a module a scenario left loaded.
    public static func unload(_ name: String) -> Result<Void, Errno> {
        let rc = as_delete_module(name)
        return rc == 0 ? .success(()) : .failure(Errno(rawValue: -rc))
    }

    public struct Unavailable: Error, CustomStringConvertible, Sendable {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
