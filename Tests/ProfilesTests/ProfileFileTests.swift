import Foundation
import Profiles
import Testing

/// The profile file format: a good file gives the Profile it says, and a bad one every
/// mistake at its line and column.
struct ProfileFileTests {
    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!.path
    }

    @Test func aFileGivesTheProfileItStates() throws {
        let text = """
        # a revision nobody posted yet
        name        ghak90-v12
        patchset    ghak90
        revision    v12                    # V12 and 12 are the same
        record      CONTAINER_OP 1040 signature opid
        record      CONTAINER_NEW unknown
        rule-field  contid 27
        feature-bit contid 128
        refusal     threaded EBUSY
        refusal     self accepted\r
        """
        let profile = try ProfileFile.parse(text, path: "v12.profile").get()
        #expect(profile == Profile(name: "ghak90-v12", patchset: "ghak90", revision: 12,
                                   recordTypes: [.init(name: "CONTAINER_OP", number: 1040, signatureField: "opid"),
                                                 .init(name: "CONTAINER_NEW", number: nil)],
                                   ruleFields: ["contid": 27], featureBits: ["contid": 0x80],
                                   refusals: ["threaded": .errno("EBUSY"), "self": .accepted]))
    }

    /// Tests/ProfilesTests/Fixtures/bad.profile: a mistake on nearly every line.
    @Test func everyMistakeOfAFileIsToldAtItsLineAndColumn() throws {
        let path = Self.fixture("bad.profile")
        let error = try #require(throws: ProfileError.self) { try ProfileFile.read(path) }
        guard case .badFile(let list) = error else { Issue.record("not a file error: \(error)"); return }
        let found = list.diagnostics.map { "\($0.line):\($0.column) \($0.message)" }
        #expect(found == [
            "1:1 the profile has no 'revision' line",
            "3:11 'name' is stated twice",
            "5:1 unknown key 'revison'",
            "6:24 '10x0' is not a record type number",
            "7:29 'signatur' is not part of a record line",
            "8:9 record CONTAINER_OP is stated twice",
            "9:20 'rule-field' needs more words",
            "10:20 '0x90' is not one bit of the feature bitmap",
            "11:9 'threded' is not a refusal name",
            "13:9 refusal self is stated twice",
            "14:27 'EEXISTS' is not an errno name the C library knows",
            "15:35 'extra' is one word too many",
        ])
        // Compiler style: path:line:column, the line, a caret under the column, a note.
        let rendered = list.diagnostics[3].description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rendered == ["\(path):6:24: error: '10x0' is not a record type number",
                             "    record  CONTAINER_OP   10x0 signature opid",
                             "                           ^",
                             "    note: a decimal number from 1 to 65535, or 'unknown' where the revision's number is not known"])
        #expect(list.diagnostics[5].hint == "first at line 6")
    }

    @Test(arguments: [
        ("patchset p\nrevision 1", "1:1 the profile has no 'name' line"),
        ("name n\nrevision 1", "1:1 the profile has no 'patchset' line"),
        ("name n\npatchset p\nrevision 0", "3:10 '0' is not a revision number"),
        ("name n/m\npatchset p\nrevision 1", "1:6 'n/m' is not a profile name"),
        ("name n\npatchset p\nrevision 1\nrecord container_op 1020", "4:8 'container_op' is not a record type name"),
        ("name n\npatchset p\nrevision 1\nrecord A 1\nrecord B 1", "5:10 record number 1 is stated twice"),
        ("name n\npatchset p\nrevision 1\nrule-field contid 27\nrule-field contid 28", "5:12 rule-field contid is stated twice"),
        ("name n\npatchset p\nrevision 1\nrefusal threaded", "4:18 'refusal' needs more words"),
        ("name n\npatchset p\nrevision 1\nrefusal threaded ebusy", "4:18 'ebusy' is not an errno name the C library knows"),
    ])
    func aMistakeIsAnError(text: String, expected: String) throws {
        guard case .failure(let list) = ProfileFile.parse(text, path: "x.profile") else {
            Issue.record("accepted: \(text)"); return
        }
        #expect(list.diagnostics.map { "\($0.line):\($0.column) \($0.message)" } == [expected])
    }

    @Test func aValueWithASlashOrTheExtensionIsAFile() {
        #expect(ProfileSet.isFile("./ghak90-v12"))
        #expect(ProfileSet.isFile("ghak90-v12.profile"))
        #expect(!ProfileSet.isFile("ghak90-v12"))
    }

    /// `auditspec vm` hands the guest a file's absolute path; a built-in name stays a name.
    @Test func anotherProcessIsGivenAnAbsolutePath() {
        #expect(ProfileSet.value("my-v12.profile", from: "/home/dev/linux") == "/home/dev/linux/my-v12.profile")
        #expect(ProfileSet.value("../p/v12.profile", from: "/home/dev/linux") == "/home/dev/p/v12.profile")
        #expect(ProfileSet.value("/etc/v12", from: "/home/dev") == "/etc/v12")
        #expect(ProfileSet.value("ghak90-v8", from: "/home/dev") == "ghak90-v8")
    }

    @Test func aFileChosenBesideABuiltinReplacesNoneAndConflictsByPatchset() throws {
        let builtins = try BuiltinProfiles.loaded.get()
        let file = Self.fixture("ghak90-v12.profile")
        let chosen = try ProfileSet.choose([file, "nsinfo-v6"], builtins: builtins)
        #expect(chosen.names == ["ghak90-v12", "nsinfo-v6"])
        #expect(chosen.profile(forPatchset: "ghak90")?.revision == 12)
        #expect(throws: ProfileError.self) { try ProfileSet.choose([file, "ghak90-v11"], builtins: builtins) }
        #expect(throws: ProfileError.unknownName("ghak90-v12", known: builtins.map(\.name))) {
            try ProfileSet.choose(["ghak90-v12"], builtins: builtins)
        }
        #expect(throws: ProfileError.self) { try ProfileSet.choose(["/nonexistent/x.profile"], builtins: builtins) }
    }
}
