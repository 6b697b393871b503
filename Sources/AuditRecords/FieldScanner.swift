/// Splits `name=value name="quoted value" msg='a=b c=d'` into pairs, keeping where each one stands.
///
/// The same scanner reads records from the kernel and the expected records written in
/// scenario files, so both agree on what a field is. It works on UTF-8 bytes (every byte it
/// looks for is ASCII), which keeps a replay of millions of records fast; offsets it reports
/// are in characters from the start of the text, which is what a diagnostic caret needs.
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

    /// Scans text; offsets are in characters. A double-quoted value keeps its backslashes: the
    /// scenario language reads its escapes, and a backslash before a quote does not close it.
    public static func scan(_ text: Substring) -> Result<[Item], Failure> {
        let bytes = Array(text.utf8)
        return scan(bytes[...]).map { items in
            // Byte offsets to character offsets: only different when the text is not ASCII.
            guard bytes.contains(where: { $0 >= 0x80 }) else { return items }
            return items.map { item in
                var item = item
                item.offset = characters(in: bytes, before: item.offset)
                item.valueOffset = characters(in: bytes, before: item.valueOffset)
                return item
            }
        }.mapError { failure in
            Failure(message: failure.message, offset: characters(in: bytes, before: failure.offset))
        }
    }

    /// Scans UTF-8 bytes; offsets are in bytes from the start of the slice.
    static func scan(_ bytes: ArraySlice<UInt8>) -> Result<[Item], Failure> {
        var items: [Item] = []
        let base = bytes.startIndex
        var i = base
        let end = bytes.endIndex
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        while i < end {
            if isBlank(bytes[i]) { i += 1; continue }
            let start = i
            while i < end, bytes[i] != 0x3D, !isBlank(bytes[i]) { i += 1 }  // '='
            let name = ByteText.decode(bytes[start..<i])
            guard i < end, bytes[i] == 0x3D else {
                items.append(Item(name: name, value: "", quoting: .bare, offset: start - base, valueOffset: i - base, isBareWord: true))
                continue
            }
            i += 1
            if i < end, bytes[i] == 0x22 || bytes[i] == 0x27 {  // '"' or '\''
                let quote = bytes[i]
                let valueStart = i + 1
                // In a scenario's double quotes a backslash escapes the next character (`\"`);
                // the scenario parser reads the escapes.
                var close: Int? = valueStart
                while let at = close, at < end, bytes[at] != quote {
                    close = quote == 0x22 && bytes[at] == 0x5C && at + 1 < end ? at + 2 : at + 1
                }
                if let at = close, at >= end { close = nil }
                guard let close else {
                    let mark = quote == 0x22 ? "\"" : "'"
                    return .failure(Failure(message: "the value of '\(name)' opens a \(mark) quote that is never closed", offset: i - base))
                }
                items.append(Item(name: name, value: ByteText.decode(bytes[valueStart..<close]), quoting: quote == 0x22 ? .double : .single,
                                  offset: start - base, valueOffset: valueStart - base, isBareWord: false))
                i = close + 1
            } else {
                let valueStart = i
                while i < end, !isBlank(bytes[i]) { i += 1 }
                i = spokenValueEnd(name: bytes[start..<(valueStart - 1)], value: valueStart, stop: i, in: bytes)
                items.append(Item(name: name, value: ByteText.decode(bytes[valueStart..<i]), quoting: .bare,
                                  offset: start - base, valueOffset: valueStart - base, isBareWord: false))
            }
        }
        return .success(items)
    }

    /// The fields of a record body, built directly (no offsets kept): the hot path of replay,
    /// where millions of records are read and positions matter only for an error. With a
    /// selection, only the chosen names are built; every quote is still checked, so a record
    /// is readable or not whatever the selection.
    /// `interpreted`: the body is `ausearch -i` text, whose values may hold blanks (see
    /// `spokenValueEnd`).
    static func fields(_ bytes: ArraySlice<UInt8>, nested: Bool = false, only selection: FieldNameSet? = nil,
                       interpreted: Bool = false) -> Result<[RecordField], Failure> {
        bytes.withUnsafeBufferPointer { fields(in: $0, nested: nested, only: selection, interpreted: interpreted) }
    }

    /// The scan itself, over raw memory: bounds are checked by the loop conditions.
    private static func fields(in bytes: UnsafeBufferPointer<UInt8>, nested: Bool, only selection: FieldNameSet?,
                               interpreted: Bool = false) -> Result<[RecordField], Failure> {
        var fields: [RecordField] = []
        if selection == nil { fields.reserveCapacity(32) }
        var i = 0
        let end = bytes.count
        func piece(_ from: Int, _ to: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[from..<to]) }
        while i < end {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x09 { i += 1; continue }
            let start = i
            while i < end, bytes[i] != 0x3D, bytes[i] != 0x20, bytes[i] != 0x09 { i += 1 }
            guard i < end, bytes[i] == 0x3D else {
                // A word with no '=': kept, naming no field.
                if !nested, selection == nil { fields.append(RecordField(name: "", value: ByteText.decode(piece(start, i)))) }
                continue
            }
            let nameBytes = piece(start, i)
            let wanted = selection.map { $0.contains(nameBytes) } ?? true
            i += 1
            if i < end, bytes[i] == 0x22 || bytes[i] == 0x27 {
                let quote = bytes[i]
                var close = i + 1
                while close < end, bytes[close] != quote { close += 1 }
                if quote == 0x27, !nested { close = messageClose(opening: i, first: close, in: bytes) }
                guard close < end else {
                    let mark = quote == 0x22 ? "\"" : "'"
                    return .failure(Failure(message: "the value of '\(ByteText.decode(nameBytes))' opens a \(mark) quote that is never closed", offset: i))
                }
                if wanted {
                    fields.append(RecordField(name: ByteText.decode(nameBytes), value: ByteText.decode(piece(i + 1, close)),
                                              quoting: quote == 0x22 ? .double : .single, nested: nested))
                }
                if quote == 0x27, !nested,
                   case .success(let inner) = Self.fields(in: piece(i + 1, close), nested: true, only: selection, interpreted: interpreted) {
                    fields += inner  // msg='op=... res=success' of a user record
                }
                i = close + 1
            } else {
                let valueStart = i
                while i < end, bytes[i] != 0x20, bytes[i] != 0x09 { i += 1 }
                if interpreted, i - valueStart == 1, bytes[valueStart] == 0x7B, let close = braceClose(after: i, in: bytes) {
                    // ausearch -i's `saddr={ saddr_fam=inet laddr=10.0.0.1 lport=80 }`: the value is
                    // the whole of the braces, and the pairs inside are fields too.
                    if wanted {
                        fields.append(RecordField(name: ByteText.decode(nameBytes), value: ByteText.decode(piece(valueStart, close + 1)), nested: nested))
                    }
                    if case .success(let inner) = Self.fields(in: piece(i, close), nested: true, only: selection, interpreted: true) {
                        fields += inner
                    }
                    i = close + 1
                    continue
                }
                if interpreted { i = spokenValueEnd(name: nameBytes, value: valueStart, stop: i, in: bytes) }
                // A user message's text (`msg='text=it's the users' files ...'`) is free: its words go on.
                if interpreted || nested { i = wordsJoined(after: i, in: bytes) }
                if wanted {
                    fields.append(RecordField(name: ByteText.decode(nameBytes), value: ByteText.decode(piece(valueStart, i)), nested: nested))
                }
            }
        }
        return .success(fields)
    }

    /// Where a bare value ends when it is spoken as `ausearch -i` speaks it, given the blank at
    /// `stop` that would end it otherwise: `proctitle=ls -l` runs to the end of the line (the
    /// record has no other field), and `exit=ENOENT(No such file or directory)` to the
    /// parenthesis that closes it, when one does. A kernel never writes a blank in a bare
    /// value, so raw text reads the same either way.
    static func spokenValueEnd<Bytes: RandomAccessCollection<UInt8>>(name: some Collection<UInt8>, value start: Bytes.Index,
                                                                       stop: Bytes.Index, in bytes: Bytes) -> Bytes.Index
        where Bytes.Index == Int {
        guard stop < bytes.endIndex else { return stop }
        if name.elementsEqual("proctitle".utf8) {
            var end = bytes.endIndex
            while end > stop, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            return end
        }
        var depth = 0
        for index in start..<stop {
            if bytes[index] == 0x28 { depth += 1 } else if bytes[index] == 0x29 { depth -= 1 }
        }
        guard depth > 0 else { return stop }
        var index = stop
        while index < bytes.endIndex {
            if bytes[index] == 0x28 { depth += 1 } else if bytes[index] == 0x29 {
                depth -= 1
                if depth == 0 {
                    // Through the closing parenthesis and whatever stands against it.
                    var end = index + 1
                    while end < bytes.endIndex, bytes[end] != 0x20, bytes[end] != 0x09 { end += 1 }
                    return end
                }
            }
            index += 1
        }
        return stop  // never closed: the blank ends it, as for any value
    }

    /// The quote that closes a record's single-quoted value: the kernel writes a user message
    /// as `msg='%s'` whatever its text holds, so an apostrophe inside (`it's`) closes nothing.
    /// The closing quote is the last one that ends the body or stands before a blank and a
    /// `name=` word; `first` (the first quote after the opening one) when none does.
    static func messageClose(opening: Int, first: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var close = first
        var index = first
        while index < bytes.count {
            if bytes[index] == 0x27 {
                var next = index + 1
                if next == bytes.count { return index }
                if bytes[next] == 0x20 || bytes[next] == 0x09 {
                    while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09 { next += 1 }
                    if next == bytes.count { return index }
                    var wordEnd = next
                    while wordEnd < bytes.count, bytes[wordEnd] != 0x20, bytes[wordEnd] != 0x09, bytes[wordEnd] != 0x3D { wordEnd += 1 }
                    if wordEnd < bytes.count, bytes[wordEnd] == 0x3D, wordEnd > next { close = index }
                }
            }
            index += 1
        }
        return close
    }

    /// The `}` that closes braces opened before `start`: the first one standing alone.
    static func braceClose(after start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x7D, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09,
               index + 1 == bytes.count || bytes[index + 1] == 0x20 || bytes[index + 1] == 0x09 { return index }
            index += 1
        }
        return nil
    }

    /// Where a bare value of `ausearch -i` text ends, given where its first word ends: ausearch
    /// prints decoded values as they are, so a file name or an EXECVE argument with a blank in
    /// it (`name=/tmp/a b`) goes on over the words after it that name no field (hold no `=`).
    /// A lone `}` closes SOCKADDR's `saddr={ ... }` and is no part of the value before it.
    static func wordsJoined(after stop: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = stop
        while end < bytes.count {
            var start = end
            while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            guard start < bytes.count else { return end }
            var wordEnd = start
            var hasEquals = false
            while wordEnd < bytes.count, bytes[wordEnd] != 0x20, bytes[wordEnd] != 0x09 {
                if bytes[wordEnd] == 0x3D { hasEquals = true }
                wordEnd += 1
            }
            if hasEquals || (wordEnd - start == 1 && bytes[start] == 0x7D) { return end }
            end = wordEnd
        }
        return end
    }

    /// How many characters the first `byteOffset` bytes of UTF-8 text hold.
    static func characters(in bytes: [UInt8], before byteOffset: Int) -> Int {
        ByteText.decode(bytes.prefix(byteOffset)).count
    }
}
