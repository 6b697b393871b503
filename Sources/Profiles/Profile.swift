/// What one revision of an unmerged patchset assigns: record type numbers, rule field numbers,
/// the feature bit, and the errno of each named refusal. Scenarios speak in names
/// (`CONTAINER_ID`, `=> threaded`); the profile chosen with `--profile` gives the numbers.
/// Each is read from a profile file (ProfileFile): a built-in one, or a user's own.
public struct Profile: Hashable, Sendable {
    /// A record type the patch adds, with the field that only its records carry: a number the
    /// patch reused from mainline (ghak90's 1336 is mainline's URINGOP) is told apart by it.
    public struct RecordType: Hashable, Sendable {
        public var name: String
        /// nil when the revision's number is not known: the suite must not guess it.
        public var number: Int?
        public var signatureField: String?

        public init(name: String, number: Int?, signatureField: String? = nil) {
            self.name = name
            self.number = number
            self.signatureField = signatureField
        }
    }

    /// What a write that the patch refuses ends in, under this revision.
    public enum Refusal: Hashable, Sendable, CustomStringConvertible {
        case errno(String)
        /// This revision does not refuse it: the write succeeds.
        case accepted

        public var description: String {
            switch self {
            case .errno(let name): return name
            case .accepted: return "accepted"
            }
        }
    }

    public var name: String
    /// Which patchset: `ghak90`, `nsinfo`.
    public var patchset: String
    /// Which posting of the patchset (11 for ghak90 V11): revision conditions in scenarios
    /// (`[ghak90 >= v10]`) compare against it.
    public var revision: Int
    public var recordTypes: [RecordType]
    public var ruleFields: [String: Int]
    public var featureBits: [String: UInt32]
    /// Refusals this revision is known to make; a name missing here is unknown for it.
    public var refusals: [String: Refusal]

    public init(name: String, patchset: String, revision: Int, recordTypes: [RecordType] = [], ruleFields: [String: Int] = [:],
                featureBits: [String: UInt32] = [:], refusals: [String: Refusal] = [:]) {
        self.name = name
        self.patchset = patchset
        self.revision = revision
        self.recordTypes = recordTypes
        self.ruleFields = ruleFields
        self.featureBits = featureBits
        self.refusals = refusals
    }

    public func recordType(number: Int) -> RecordType? { recordTypes.first { $0.number == number } }
    public func recordType(named name: String) -> RecordType? { recordTypes.first { $0.name == name } }
}
