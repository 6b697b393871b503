/// The revisions auditspec knows, from ../shared/spec (ghak90.md tables b and c16, the V11
/// refusals seen in c13; nsinfo.md n9). Where the spec does not state a number or an errno for a
/// revision, the profile leaves it out, and a scenario that needs it is told so, not given a guess.
public enum BuiltinProfiles {
    public static let defaultNames = ["ghak90-v11"]

    /// Refusal names, in the order a V11 kernel checks them (ghak90 c13).
    public static let refusalNames = ["target-gone", "offset-not-zero", "not-a-number", "overflow", "no-audit-data",
                                      "unset-value", "no-capability", "has-children", "threaded", "self",
                                      "not-descendant", "set-again", "same-again", "owned-by-another"]

    public static let all: [Profile] = (5...11).map(ghak90) + [nsinfo(5), nsinfo(6)]

    public static func named(_ name: String) -> Profile? { all.first { $0.name == name } }

    static func ghak90(_ version: Int) -> Profile {
        let containerID: Int = switch version {
        case ...6: 1332
        case 7: 1334
        case 8: 1335
        default: 1336
        }
        var records = [Profile.RecordType(name: "CONTAINER_OP", number: 1020, signatureField: "opid"),
                       Profile.RecordType(name: "CONTAINER_ID", number: containerID, signatureField: "contid")]
        if version >= 7 { records.append(.init(name: "SET_CAPCONTID", number: 1022, signatureField: "capcontid")) }
        var refusals: [String: Profile.Refusal] = [:]
        // c16: a threaded target is EALREADY up to V8, EBUSY from V9.
        refusals["threaded"] = .errno(version <= 8 ? "EALREADY" : "EBUSY")
        switch version {
        case 4...6:
            // c16: "remove set again prohibition"; V5 also lets a task set its own identifier.
            refusals["set-again"] = .accepted
            refusals["same-again"] = .accepted
            if version == 5 { refusals["self"] = .accepted }
        case 7, 8:
            refusals["set-again"] = .errno("ECHILD")
            refusals["same-again"] = .errno("EADDRINUSE")
            refusals["self"] = .errno("EBADSLT")
        case 11:
            // c13, seen on a V11 kernel.
            refusals.merge(["target-gone": .errno("ESRCH"), "offset-not-zero": .errno("EINVAL"), "not-a-number": .errno("EINVAL"),
                            "overflow": .errno("ERANGE"), "no-audit-data": .errno("ENOPROTOOPT"), "unset-value": .errno("EINVAL"),
                            "no-capability": .errno("EPERM"), "has-children": .errno("EBUSY"), "self": .errno("EXDEV"),
                            "not-descendant": .errno("EXDEV"), "set-again": .errno("EEXIST"), "same-again": .errno("EEXIST"),
                            "owned-by-another": .errno("ENOTUNIQ")]) { old, _ in old }
        default:
            break
        }
        return Profile(name: "ghak90-v\(version)", patchset: "ghak90", revision: version, recordTypes: records, ruleFields: ["contid": 27],
                       featureBits: ["contid": 0x80], refusals: refusals)
    }

    static func nsinfo(_ version: Int) -> Profile {
        let kinds = ["MNT", "UTS", "IPC", "USER", "PID", "NET"]
        // n9: V6 numbers AUDIT_NS_INIT_MNT 1330 and AUDIT_NS_INIT_UTS 1331 are known; the rest are not.
        let known: [String: Int] = version == 6 ? ["AUDIT_NS_INIT_MNT": 1330, "AUDIT_NS_INIT_UTS": 1331] : [:]
        let names = ["NS_INFO"] + kinds.map { "AUDIT_NS_INIT_\($0)" } + kinds.map { "AUDIT_NS_DEL_\($0)" }
        return Profile(name: "nsinfo-v\(version)", patchset: "nsinfo", revision: version,
                       recordTypes: names.map { Profile.RecordType(name: $0, number: known[$0]) })
    }
}
