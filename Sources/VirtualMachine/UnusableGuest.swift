/// A boot showing that the guest cannot run the suite at all (the kernel did not boot, the
/// guest's auditspec could not start a scenario). Its message points into the shared folder,
/// which is therefore kept; the CLI sees it as a `VMError` of kind `environment`.
struct UnusableGuest: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
