import ArgumentParser

/// The exit codes auditspec promises (see `auditspec --help`).
extension ExitCode {
    /// Any scenario failed or was in error.
    static let scenarioFailed = ExitCode(1)
    /// This machine cannot run scenarios: not root, no audit, audit locked.
    static let environment = ExitCode(2)
    /// The command line or a scenario file is wrong; nothing was run.
    static let usage = ExitCode(64)
}

/// Writes to standard error, for what is not part of the report.
func printError(_ text: String) {
    FileHandleStandardError.write(text + "\n")
}
