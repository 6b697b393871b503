import POSIXSupport

/// Which auditspec this is: the release number, and the build id of the binary, which names
/// the exact build where one number covers many commits. Results files say it (`auditspec`
/// property), so two runs that disagree can be told apart by the tool as well as the kernel.
enum AuditspecVersion {
    static let number = "0.1.0"

    static let description: String = number + (ProgramBuildID.running().map { " (build id \($0))" } ?? "")

    static var property: (String, String) { ("auditspec", description) }
}
