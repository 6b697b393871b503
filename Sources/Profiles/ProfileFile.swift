import Foundation

/// Reads a profile file: one fact a line, a key and its words, `#` to the end of the line a
/// comment. The built-in profiles (profiles/*.profile) are such files; so is a user's own.
///
/// ```
/// name        ghak90-v12              # how reports and `--profile` name it
/// patchset    ghak90                  # which patchset it is a revision of
/// revision    12                      # the posting: `[ghak90 >= v10]` compares it
/// record      CONTAINER_ID 1336 signature contid   # NAME NUMBER|unknown [signature FIELD]
/// rule-field  contid 27               # NAME NUMBER: a rule field libaudit may not know
/// feature-bit contid 0x80             # NAME BIT: the feature bitmap bit of the patch
/// refusal     threaded EBUSY          # NAME ERRNO|accepted: what `=> threaded` means
/// ```
/// Every mistake is told at once, at its line and column; a file with any is not used.
public enum ProfileFile {
    public static let fileExtension = "profile"

    static let keys = ["name", "patchset", "revision", "record", "rule-field", "feature-bit", "refusal"]

    /// Reads and parses the file at `path`.
    public static func read(_ path: String) throws(ProfileError) -> Profile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
        switch parse(text, path: path) {
        case .success(let profile): return profile
        case .failure(let list): throw .badFile(list)
        }
    }

    public static func parse(_ text: String, path: String) -> Result<Profile, ProfileDiagnostics> {
        var reader = Reader(path: path, lines: text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init))
        return reader.read()
    }
}
