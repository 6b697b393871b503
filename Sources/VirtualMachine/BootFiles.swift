/// The files of one boot in the folder shared with the guest (each boot has its own, numbered).
struct BootFiles {
    let shared: String
    let attempt: Int

    /// The guest's JSON results, written as scenarios end (PartialResultsFile).
    var results: String { "\(shared)/results-\(attempt).json" }
    /// The guest command's stdout and stderr.
    var guestLog: String { "\(shared)/guest-\(attempt).log" }
    var console: String { "\(shared)/console-\(attempt).log" }
    /// The guest command's exit status, when it got to write it.
    var status: String { "\(shared)/status-\(attempt)" }
    /// What came of the guest's root cache (GuestRootCache).
    var cacheNote: String { "\(shared)/root-cache-\(attempt)" }
    var guestScript: String { "\(shared)/guest-\(attempt).sh" }
}
