/// One system call on the scenario's own files (`create`, `append`, `rename`, ...), made by the
/// runner or by an agent, whose errno is the step's outcome.
///
/// Every path it acts on lies under `$tmp` (checked when the file is read, and again when it
/// runs, since a symbolic link made meanwhile could lead elsewhere): a scenario's file
/// statements can never touch the machine's own files. A symbolic link's target is only
/// text, so it may name anything.
public enum FileOperation: Hashable, Sendable {
    /// openat(2) with O_CREAT|O_EXCL|O_WRONLY, then close: a new file (EEXIST if it is there).
    case create(Template, mode: UInt32)
    /// openat(2) with O_WRONLY|O_APPEND, then one write(2) of the value.
    case append(Template, value: Template)
    /// rename(2).
    case rename(Template, to: Template)
    /// link(2): a second name for the file.
    case link(Template, to: Template)
    /// symlink(2): a link at `at` whose text is `target`.
    case symlink(target: Template, at: Template)
    /// unlink(2).
    case unlink(Template)
    /// chmod(2), which follows a symbolic link.
    case chmod(Template, mode: UInt32)
    /// mkdir(2).
    case mkdir(Template, mode: UInt32)
    /// rmdir(2).
    case rmdir(Template)

    /// The statement's keyword.
    public var keyword: String {
        switch self {
        case .create: return "create"
        case .append: return "append"
        case .rename: return "rename"
        case .link: return "link"
        case .symlink: return "symlink"
        case .unlink: return "unlink"
        case .chmod: return "chmod"
        case .mkdir: return "mkdir"
        case .rmdir: return "rmdir"
        }
    }

    public static let keywords = ["create", "append", "rename", "link", "symlink", "unlink", "chmod", "mkdir", "rmdir"]

    /// The paths the call acts on, each confined to `$tmp`, and whether the call follows a
    /// symbolic link in the last component (then the link's destination must be inside too).
    public var confinedPaths: [(path: Template, followsLink: Bool)] {
        switch self {
        case .create(let path, _): return [(path, false)]  // O_EXCL never follows a link
        case .append(let path, _): return [(path, true)]
        case .rename(let from, let to), .link(let from, let to): return [(from, false), (to, false)]
        case .symlink(_, let at): return [(at, false)]
        case .unlink(let path), .rmdir(let path): return [(path, false)]
        case .chmod(let path, _): return [(path, true)]
        case .mkdir(let path, _): return [(path, false)]
        }
    }

    /// Every template the statement holds, for the check of its variables.
    public var templates: [Template] {
        switch self {
        case .append(let path, let value): return [path, value]
        case .symlink(let target, let at): return [target, at]
        default: return confinedPaths.map(\.path)
        }
    }
}

/// Which paths a scenario's statements may act on.
public enum ScenarioPaths {
    /// Whether `template` names `$tmp` or something below it, with no `..` component: a path
    /// a file statement may use.
    public static func isUnderTmp(_ template: Template) -> Bool {
        guard case .variable(BuiltinVariable.tmp.rawValue, _, _)? = template.parts.first else { return false }
        let rest = template.parts.dropFirst()
        if case .literal(let text)? = rest.first, !text.hasPrefix("/") { return false }
        if case .variable? = rest.first { return false }
        return !hasParentComponent(template)
    }

    /// Whether any `/`-separated component of the literal text is `..`.
    static func hasParentComponent(_ template: Template) -> Bool {
        let text = template.parts.map { part -> String in
            if case .literal(let text) = part { return text }
            return "v"  // a variable is a name or number, never `..` by itself
        }.joined()
        return text.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    /// Files under /proc/PID/ that `write` may not name: links to the process's root, working
    /// directory and program, through which a write would reach the machine's own files.
    public static let procLinks: Set<String> = ["root", "cwd", "exe"]
}
