import CErrnoNames

/// Whether a word is an errno name of the C library (the same source the scenario language
/// reads `=> EBUSY` from), so a profile cannot promise an errno no kernel can return.
enum ErrnoName {
    static let all: Set<String> = {
        var names: Set<String> = []
        for number in Int32(1)..<Int32(4096) {
            if let name = auditspec_errno_name(number) { names.insert(String(cString: name)) }
        }
        return names
    }()

    static func isKnown(_ word: String) -> Bool { all.contains(word) }
}
