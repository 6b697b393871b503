import AuditRecords
import Matching

/// Why a field the kernel logged is left out of a draft. Each is a value that differs from
/// one run to the next while no variable names it: kept, it would fail the next run, and a
/// diff of two revisions' drafts would be all noise. The draft's heading lists what was left
/// out, so a reader who needs one of them can add it back (`name=*`, or a relation).
public enum LeftOut: String, CaseIterable, Hashable, Sendable, Comparable {
    /// `ses`, `old-ses`, `oses`: the session of whoever started auditspec, or one a login made.
    case session = "a session id"
    /// `inode`, `ino`: a new file's inode number.
    case inode = "an inode number"
    /// A pid of a process the scenario did not name: the runner, a child of its processes.
    case unnamedProcess = "a process the scenario names no variable for"
    /// A system call argument that looks like a user-space address (ASLR moves it every run).
    case address = "an address"
    /// A pid written in hex as a system call's argument (`kill`, `ptrace`): a variable is
    /// a decimal number, so none can stand for it.
    case pidArgument = "a pid as a system call argument"
    /// The runner's own command line, working directory, descriptors and message lengths,
    /// and where auditspec's programs lie.
    case auditspecItself = "auditspec's own command line, folder, program or system call arguments"
    /// The number of the pseudo-terminal a `with tty` agent got.
    case terminal = "a pseudo-terminal's number"
    /// A program title the kernel cut inside `$tmp` or `$key`.
    case cutInsideAValue = "cut by the kernel inside $tmp or $key"
    /// An event of auxiliary records only (a lone PROCTITLE): the rest of it came before the
    /// scenario's reader joined, so it is a piece of something else's event.
    case fragment = "a piece of an event that began before the scenario"
    /// A value no quoting of the language can hold as it is (both quote marks and a variable).
    case unwritable = "not writable in the language"

    public static func < (left: LeftOut, right: LeftOut) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }
}

/// What the draft knows of fields by name.
enum DraftFields {
    /// Fields that hold a pid, which `$NAME` of a process stands for.
    static func holdsProcessID(_ field: String) -> Bool {
        switch field {
        case "pid", "ppid", "opid", "oppid", "tid", "old-pid": return true
        default: return false
        }
    }

    /// The session fields: new numbers every login, and the runner's own otherwise.
    static func isSession(_ field: String) -> Bool { field == "ses" || field == "old-ses" || field == "oses" }

    /// A system call argument (SYSCALL's a0..a3; EXECVE's are strings).
    static func isCallArgument(_ field: String, type: String) -> Bool {
        type != "EXECVE" && field.count == 2 && field.first == "a" && ("0"..."3").contains(field.last!)
    }

    /// A user-space address as the kernel prints an argument (hex, no 0x): above what flags,
    /// modes and descriptors reach, below the top of user space, and not a negative 32-bit
    /// number (AT_FDCWD is ffffff9c every run).
    static func looksLikeAddress(_ value: String) -> Bool {
        guard let number = UInt64(value, radix: 16) else { return false }
        if (0x8000_0000...0xffff_ffff).contains(number) { return false }
        return number >= 0x100_0000 && number < 0x8000_0000_0000
    }

    /// auditspec's own programs: where they lie depends on where it was built.
    static func isAuditspecProgram(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name == "auditspec" || name == "auditspec-agent"
    }

    /// The fields a hex encoding may stand for, for this record type: EXECVE's a0, a1... are
    /// strings, SYSCALL's are numbers.
    static func mayBeHexText(_ field: String, type: String) -> Bool {
        if isCallArgument(field, type: type) { return false }
        if field.first == "a", field.dropFirst().first?.isNumber == true { return type == "EXECVE" }
        return HexText.mayEncode(field)
    }

    /// The text a kernel hex-encoded, when it is printable: a reader reviews `name=$tmp/created`,
    /// not `name=2F746D70...`. Control bytes (a newline in a file name) keep the hex.
    static func decodedText(_ value: String, field: String, type: String) -> String? {
        guard mayBeHexText(field, type: type), let text = HexText.decode(value) else { return nil }
        guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }), !text.contains("\\x") else { return nil }
        return text
    }
}
