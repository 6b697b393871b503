import SystemTypes

/// The reading of one profile file, line by line: each key's words checked, each mistake kept
/// with its place, and the facts gathered into a Profile when there were none.
extension ProfileFile {
    /// One word of a line and the column it starts at (1-based, in characters).
    struct Word {
        var text: String
        var column: Int
    }

    struct Reader {
        let path: String
        let lines: [String]
        var errors: [ProfileDiagnostic] = []
        var lineNumber = 0

        var name: String?
        var patchset: String?
        var revision: Int?
        var records: [Profile.RecordType] = []
        var ruleFields: [String: Int] = [:]
        var featureBits: [String: UInt32] = [:]
        var refusals: [String: Profile.Refusal] = [:]
        /// Where each fact was first stated, by a key of its kind and name: a second is an error.
        var firstSeen: [String: Int] = [:]
        /// The keys that had a line, right or wrong: a wrong one is not also missing.
        var keysSeen: Set<String> = []

        init(path: String, lines: [String]) {
            self.path = path
            self.lines = lines
        }

        mutating func read() -> Result<Profile, ProfileDiagnostics> {
            for (index, line) in lines.enumerated() {
                lineNumber = index + 1
                let words = Self.words(of: line)
                guard let key = words.first else { continue }
                let values = Array(words.dropFirst())
                keysSeen.insert(key.text)
                switch key.text {
                case "name": if let word = single(values, key, usage: "name NAME") { readName(word) }
                case "patchset": if let word = single(values, key, usage: "patchset NAME") { readPatchset(word) }
                case "revision": if let word = single(values, key, usage: "revision NUMBER") { readRevision(word) }
                case "record": readRecord(values, key)
                case "rule-field": readRuleField(values, key)
                case "feature-bit": readFeatureBit(values, key)
                case "refusal": readRefusal(values, key)
                default:
                    fail(key.column, "unknown key '\(key.text)'", hint: "a line starts with one of: " + keys.joined(separator: ", "))
                }
            }
            for key in ["name", "patchset", "revision"] where !keysSeen.contains(key) {
                errors.append(ProfileDiagnostic(file: path, line: 1, column: 1, message: "the profile has no '\(key)' line",
                                                hint: "every profile states its name, patchset and revision", lineText: lines.first ?? ""))
            }
            guard errors.isEmpty, let name, let patchset, let revision else {
                // In file order; the missing keys (at 1:1) first.
                return .failure(ProfileDiagnostics(errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) }))
            }
            return .success(Profile(name: name, patchset: patchset, revision: revision, recordTypes: records,
                                    ruleFields: ruleFields, featureBits: featureBits, refusals: refusals))
        }

        // MARK: keys

        mutating func readName(_ word: Word) {
            guard Self.isName(word.text) else {
                return fail(word.column, "'\(word.text)' is not a profile name", hint: "letters, digits, '-', '_' and '.': ghak90-v12")
            }
            if firstTime("name", at: word) { name = word.text }
        }

        mutating func readPatchset(_ word: Word) {
            guard Self.isName(word.text) else {
                return fail(word.column, "'\(word.text)' is not a patchset name", hint: "letters, digits, '-', '_' and '.': ghak90")
            }
            if firstTime("patchset", at: word) { patchset = word.text }
        }

        mutating func readRevision(_ word: Word) {
            let digits = word.text.first == "v" || word.text.first == "V" ? String(word.text.dropFirst()) : word.text
            guard let number = Int(digits), number >= 1, digits.allSatisfy(\.isASCII) else {
                return fail(word.column, "'\(word.text)' is not a revision number", hint: "the posting's number: 12 for V12")
            }
            if firstTime("revision", at: word) { revision = number }
        }

        /// `record NAME NUMBER|unknown [signature FIELD]`
        mutating func readRecord(_ values: [Word], _ key: Word) {
            let usage = "record NAME NUMBER|unknown [signature FIELD]"
            guard values.count >= 2 else { return missing(key, values, usage) }
            let name = values[0], number = values[1]
            // A name stated twice is told even when either line has other mistakes.
            var ok = true
            if !Self.isRecordName(name.text) {
                fail(name.column, "'\(name.text)' is not a record type name", hint: "capitals, digits and '_', as libaudit names types: CONTAINER_ID")
                ok = false
            } else if !firstTime("record " + name.text, at: name, what: "record \(name.text)") {
                ok = false
            }
            var value: Int?
            if number.text != "unknown" {
                value = Int(number.text)
                if value == nil || !(1...65535).contains(value!) || !number.text.allSatisfy(\.isASCII) {
                    fail(number.column, "'\(number.text)' is not a record type number",
                         hint: "a decimal number from 1 to 65535, or 'unknown' where the revision's number is not known")
                    ok = false
                }
            }
            var signature: String?
            if values.count > 2 {
                if values[2].text != "signature" {
                    fail(values[2].column, "'\(values[2].text)' is not part of a record line", hint: usage)
                    ok = false
                } else if values.count == 3 {
                    fail(Self.end(of: values), "'signature' needs the field only this patch's record carries", hint: usage)
                    ok = false
                } else if !Self.isFieldName(values[3].text) {
                    fail(values[3].column, "'\(values[3].text)' is not a field name", hint: "lower-case, as records print it: contid")
                    ok = false
                } else {
                    signature = values[3].text
                }
                if values.count > 4 { extra(values[4], usage); ok = false }
            }
            guard ok else { return }
            if let value, !firstTime("record number \(value)", at: number, what: "record number \(value)") { return }
            records.append(Profile.RecordType(name: name.text, number: value, signatureField: signature))
        }

        /// `rule-field NAME NUMBER`
        mutating func readRuleField(_ values: [Word], _ key: Word) {
            let usage = "rule-field NAME NUMBER"
            guard exactlyTwo(values, key, usage) else { return }
            let name = values[0], number = values[1]
            guard Self.isFieldName(name.text) else {
                return fail(name.column, "'\(name.text)' is not a field name", hint: "lower-case, as auditctl -F takes it: contid")
            }
            guard let value = Int(number.text), (1...Int(Int32.max)).contains(value), number.text.allSatisfy(\.isASCII) else {
                return fail(number.column, "'\(number.text)' is not a rule field number", hint: "the AUDIT_* field number in decimal: 27")
            }
            if firstTime("rule-field " + name.text, at: name, what: "rule-field \(name.text)") { ruleFields[name.text] = value }
        }

        /// `feature-bit NAME BIT`
        mutating func readFeatureBit(_ values: [Word], _ key: Word) {
            let usage = "feature-bit NAME BIT"
            guard exactlyTwo(values, key, usage) else { return }
            let name = values[0], bit = values[1]
            guard Self.isFieldName(name.text) else {
                return fail(name.column, "'\(name.text)' is not a feature name", hint: "lower-case: contid")
            }
            let text = bit.text.lowercased()
            let value = text.hasPrefix("0x") ? UInt32(text.dropFirst(2), radix: 16) : UInt32(text)
            guard let value, value != 0, value & (value - 1) == 0 else {
                return fail(bit.column, "'\(bit.text)' is not one bit of the feature bitmap", hint: "one bit, in hex or decimal: 0x80")
            }
            if firstTime("feature-bit " + name.text, at: name, what: "feature-bit \(name.text)") { featureBits[name.text] = value }
        }

        /// `refusal NAME ERRNO|accepted`
        mutating func readRefusal(_ values: [Word], _ key: Word) {
            let usage = "refusal NAME ERRNO|accepted"
            guard exactlyTwo(values, key, usage) else { return }
            let name = values[0], answer = values[1]
            var ok = true
            if !BuiltinProfiles.refusalNames.contains(name.text) {
                fail(name.column, "'\(name.text)' is not a refusal name", hint: "refusals: " + BuiltinProfiles.refusalNames.joined(separator: ", "))
                ok = false
            } else if !firstTime("refusal " + name.text, at: name, what: "refusal \(name.text)") {
                ok = false
            }
            let refusal: Profile.Refusal = answer.text == "accepted" ? .accepted : .errno(answer.text)
            if answer.text != "accepted" && Errno(named: answer.text) == nil {
                fail(answer.column, "'\(answer.text)' is not an errno name the C library knows",
                     hint: "an errno name (EBUSY), or 'accepted' where the revision lets the write succeed")
                ok = false
            }
            if ok { refusals[name.text] = refusal }
        }

        // MARK: errors

        /// Whether this is the first statement of `fact`; a second is an error naming the first's line.
        mutating func firstTime(_ fact: String, at word: Word, what: String? = nil) -> Bool {
            if let first = firstSeen[fact] {
                fail(word.column, "\(what ?? "'\(fact)'") is stated twice", hint: "first at line \(first)")
                return false
            }
            firstSeen[fact] = lineNumber
            return true
        }

        mutating func single(_ values: [Word], _ key: Word, usage: String) -> Word? {
            guard let word = values.first else { missing(key, values, usage); return nil }
            if values.count > 1 { extra(values[1], usage); return nil }
            return word
        }

        /// Whether a line holds its two values, the error said when it does not.
        mutating func exactlyTwo(_ values: [Word], _ key: Word, _ usage: String) -> Bool {
            guard values.count >= 2 else {
                missing(key, values, usage)
                return false
            }
            if values.count > 2 {
                extra(values[2], usage)
                return false
            }
            return true
        }

        mutating func missing(_ key: Word, _ values: [Word], _ usage: String) {
            fail(Self.end(of: [key] + values), "'\(key.text)' needs more words", hint: usage)
        }

        mutating func extra(_ word: Word, _ usage: String) {
            fail(word.column, "'\(word.text)' is one word too many", hint: usage)
        }

        mutating func fail(_ column: Int, _ message: String, hint: String? = nil) {
            errors.append(ProfileDiagnostic(file: path, line: lineNumber, column: column, message: message, hint: hint,
                                            lineText: lines[lineNumber - 1]))
        }

        // MARK: words

        /// The words before any `#`, split on spaces and tabs.
        static func words(of line: String) -> [Word] {
            var words: [Word] = []
            var current = ""
            var start = 0
            for (offset, char) in line.enumerated() {
                if char == "#" { break }
                if char == " " || char == "\t" || char == "\r" {
                    if !current.isEmpty { words.append(Word(text: current, column: start + 1)) }
                    current = ""
                } else {
                    if current.isEmpty { start = offset }
                    current.append(char)
                }
            }
            if !current.isEmpty { words.append(Word(text: current, column: start + 1)) }
            return words
        }

        /// Where a missing word would start: after the last word and a space.
        static func end(of words: [Word]) -> Int {
            guard let last = words.last else { return 1 }
            return last.column + last.text.count + 1
        }

        static func isName(_ text: String) -> Bool {
            text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
        }

        static func isRecordName(_ text: String) -> Bool {
            text.first?.isUppercase == true && text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
        }

        static func isFieldName(_ text: String) -> Bool {
            text.first?.isLowercase == true && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }
        }
    }
}
