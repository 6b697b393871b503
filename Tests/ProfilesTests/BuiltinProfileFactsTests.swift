import Profiles
import Testing

/// The built-in profile files, pinned fact by fact: every record number, rule field, feature
/// bit and refusal of every revision, as ../shared/spec states them (ghak90.md table b, c13,
/// c16; nsinfo.md n9). A changed file fails here, naming the profile.
struct BuiltinProfileFactsTests {
    typealias R = Profile.RecordType

    static func ghak90(_ revision: Int, containerID: Int, refusals: [String: Profile.Refusal]) -> Profile {
        var records = [R(name: "CONTAINER_OP", number: 1020, signatureField: "opid"),
                       R(name: "CONTAINER_ID", number: containerID, signatureField: "contid")]
        if revision >= 7 { records.append(R(name: "SET_CAPCONTID", number: 1022, signatureField: "capcontid")) }
        return Profile(name: "ghak90-v\(revision)", patchset: "ghak90", revision: revision, recordTypes: records,
                       ruleFields: ["contid": 27], featureBits: ["contid": 0x80], refusals: refusals)
    }

    static func nsinfo(_ revision: Int, known: [String: Int]) -> Profile {
        let kinds = ["MNT", "UTS", "IPC", "USER", "PID", "NET"]
        let names = ["NS_INFO"] + kinds.map { "AUDIT_NS_INIT_\($0)" } + kinds.map { "AUDIT_NS_DEL_\($0)" }
        return Profile(name: "nsinfo-v\(revision)", patchset: "nsinfo", revision: revision,
                       recordTypes: names.map { R(name: $0, number: known[$0]) })
    }

    static let expected: [Profile] = [
        ghak90(5, containerID: 1332, refusals: ["threaded": .errno("EALREADY"), "self": .accepted,
                                                "set-again": .accepted, "same-again": .accepted]),
        ghak90(6, containerID: 1332, refusals: ["threaded": .errno("EALREADY"), "set-again": .accepted, "same-again": .accepted]),
        ghak90(7, containerID: 1334, refusals: ["threaded": .errno("EALREADY"), "self": .errno("EBADSLT"),
                                                "set-again": .errno("ECHILD"), "same-again": .errno("EADDRINUSE")]),
        // c16: V8's full list.
        ghak90(8, containerID: 1335, refusals: ["has-children": .errno("EBUSY"), "threaded": .errno("EALREADY"),
                                                "no-capability": .errno("EPERM"), "not-descendant": .errno("EXDEV"),
                                                "self": .errno("EBADSLT"), "set-again": .errno("ECHILD"),
                                                "same-again": .errno("EADDRINUSE"), "owned-by-another": .errno("ENOTUNIQ"),
                                                "unset-value": .errno("EINVAL"), "offset-not-zero": .errno("EINVAL"),
                                                "not-a-number": .errno("EINVAL"), "overflow": .errno("ERANGE")]),
        ghak90(9, containerID: 1336, refusals: ["threaded": .errno("EBUSY")]),
        ghak90(10, containerID: 1336, refusals: ["threaded": .errno("EBUSY")]),
        // c13, every step.
        ghak90(11, containerID: 1336, refusals: ["target-gone": .errno("ESRCH"), "offset-not-zero": .errno("EINVAL"),
                                                 "not-a-number": .errno("EINVAL"), "overflow": .errno("ERANGE"),
                                                 "no-audit-data": .errno("ENOPROTOOPT"), "unset-value": .errno("EINVAL"),
                                                 "no-capability": .errno("EPERM"), "has-children": .errno("EBUSY"),
                                                 "threaded": .errno("EBUSY"), "self": .errno("EXDEV"),
                                                 "not-descendant": .errno("EXDEV"), "set-again": .errno("EEXIST"),
                                                 "same-again": .errno("EEXIST"), "owned-by-another": .errno("ENOTUNIQ")]),
        nsinfo(5, known: [:]),
        nsinfo(6, known: ["AUDIT_NS_INIT_MNT": 1330, "AUDIT_NS_INIT_UTS": 1331]),
    ]

    @Test func theBuiltinFilesLoadBesideTheBinary() throws {
        let profiles = try BuiltinProfiles.loaded.get()
        #expect(profiles.map(\.name) == Self.expected.map(\.name))
        #expect(BuiltinProfiles.defaultNames.allSatisfy { BuiltinProfiles.named($0) != nil })
    }

    @Test(arguments: expected)
    func theBuiltinFileStatesThePinnedFacts(_ expected: Profile) throws {
        let profile = try #require(BuiltinProfiles.named(expected.name))
        #expect(profile.patchset == expected.patchset)
        #expect(profile.revision == expected.revision)
        #expect(profile.recordTypes == expected.recordTypes)
        #expect(profile.ruleFields == expected.ruleFields)
        #expect(profile.featureBits == expected.featureBits)
        #expect(profile.refusals == expected.refusals)
    }

    @Test func aMissingFolderIsAClearError() {
        #expect(throws: ProfileError.self) { try BuiltinProfiles.load(from: "/nonexistent/profiles") }
    }
}
