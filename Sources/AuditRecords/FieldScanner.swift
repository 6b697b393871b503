/// Splits `name=value name="quoted value" msg='a=b c=d'` into pairs, keeping where each one stands.
///
/// The same scanner reads records from the kernel and the expected records written in
/// scenario files, so both agree on what a field is. Offsets are in characters from the
/// start of the text, which is what a diagnostic caret needs.
public struct FieldScanner {
    public struct Item: Hashable, Sendable {
        public var name: String
        public var value: String
        public var quoting: RecordField.Quoting
        /// Character offset of the name (or of a bare word) in the scanned text.
        public var offset: Int
        /// Character offset of the value's first character (after any quote).
        public var valueOffset: Int
        /// A word with no `=`: kept so that nothing is lost, but it names no field.
        public var isBareWord: Bool
    }

    public struct Failure: Error, Hashable, Sendable {
        public var message: String
        public var offset: Int
    }

    public static func scan(_ text: Substring) -> Result<[Item], Failure> {
        let chars = Array(text)
        var items: [Item] = []
        var i = 0
        while i < chars.count {
            if chars[i] == " " || chars[i] == "\t" { i += 1; continue }
            let start = i
            while i < chars.count, chars[i] != "=", chars[i] != " ", chars[i] != "\t" { i += 1 }
            let name = String(chars[start..<i])
            guard i < chars.count, chars[i] == "=" else {
                items.append(Item(name: name, value: "", quoting: .bare, offset: start, valueOffset: i, isBareWord: true))
                continue
            }
            i += 1  // past "="
            var quoting = RecordField.Quoting.bare
            if i < chars.count, chars[i] == "\"" || chars[i] == "'" {
                let quote = chars[i]
                quoting = quote == "\"" ? .double : .single
                let valueStart = i + 1
                guard let close = chars[valueStart...].firstIndex(of: quote) else {
                    return .failure(Failure(message: "the value of '\(name)' opens a \(quote) quote that is never closed",
                                            offset: i))
                }
                items.append(Item(name: name, value: String(chars[valueStart..<close]), quoting: quoting,
                                  offset: start, valueOffset: valueStart, isBareWord: false))
                i = close + 1
            } else {
                let valueStart = i
                while i < chars.count, chars[i] != " ", chars[i] != "\t" { i += 1 }
                items.append(Item(name: name, value: String(chars[valueStart..<i]), quoting: quoting,
                                  offset: start, valueOffset: valueStart, isBareWord: false))
            }
        }
        return .success(items)
    }
}
