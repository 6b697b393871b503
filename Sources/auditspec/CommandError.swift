import ArgumentParser

/// Why a command ends without doing what was asked: which promise it breaks (its kind, hence the
/// exit code) and what standard error is told. Commands throw it; `Auditspec.main` alone prints
/// it and exits, so no command prints an error of its own before giving up.
struct CommandError: Error {
    enum Kind: Sendable {
        /// The command line, or a file it names, is wrong (exit 64).
        case usage
        /// This machine, its kernel, or a file the command must write, cannot do it (exit 2).
        case environment
    }

    var kind: Kind
    /// The lines for standard error, whole.
    var lines: [String]

    /// One line: `auditspec: MESSAGE`.
    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        lines = ["auditspec: " + message]
    }

    /// Errors in files the command read: every diagnostic (compiler style, as printed), then
    /// `auditspec: SUMMARY`.
    init(_ kind: Kind, diagnostics: [String], summary: String) {
        self.kind = kind
        lines = diagnostics + ["auditspec: " + summary]
    }

    var exitCode: ExitCode {
        switch kind {
        case .usage: return .usage
        case .environment: return .environment
        }
    }

    /// `body`'s value; an error it throws becomes a failure of `kind` saying
    /// `describe(error)` (by default the error itself).
    static func catching<T>(_ kind: Kind, _ describe: (any Error) -> String = { "\($0)" },
                            _ body: () throws -> T) throws(CommandError) -> T {
        do { return try body() } catch { throw CommandError(kind, describe(error)) }
    }

    /// The usual ending of a command whose report could not be written.
    static func cannotWriteReport(_ error: any Error) -> CommandError {
        CommandError(.environment, "cannot write a report: \(error)")
    }

    /// "N errors" with the noun in the plural only where it is.
    static func count(_ errors: Int) -> String {
        "\(errors) error\(errors == 1 ? "" : "s")"
    }
}
