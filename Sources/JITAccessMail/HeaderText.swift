/// Header values built from text that users or configuration supply.
///
/// Every value passes through ``sanitized(_:)`` before it is written, so no input can end a
/// header line early and start another (`Bcc:` injection): line breaks and every other control
/// character become spaces. Values that are not plain printable ASCII are written as RFC 2047
/// encoded-words, which cannot contain a line break either.
enum HeaderText {
    /// The longest header line written, as RFC 2047 asks for lines holding encoded-words.
    static let maximumLineLength = 76

    /// `text` on one line: CR, LF, tabs, the other C0 and C1 controls, DEL and the Unicode line
    /// and paragraph separators each become a space; leading and trailing spaces are dropped.
    static func sanitized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isLineBreakOrControl(scalar) ? " " : scalar)
        }
        return String(scalars).trimmingSpaces()
    }

    /// True for the scalars that must never reach a header or a one-line body field.
    static func isLineBreakOrControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// An unstructured header value (such as `Subject`), sanitized, then folded as plain text when
    /// it is printable ASCII or encoded as UTF-8 encoded-words otherwise. `nameLength` is the
    /// length of `Name: ` that precedes the value on the first line.
    static func unstructured(_ text: String, nameLength: Int) -> String {
        let value = sanitized(text)
        if let folded = foldedPlainText(value, nameLength: nameLength) {
            return folded
        }
        return encodedWords(value, firstLineUsed: nameLength).joined(separator: "\r\n ")
    }

    /// Folds printable ASCII at spaces so that no line exceeds ``maximumLineLength``; `nil` when the
    /// text must be encoded instead (non-ASCII, a word too long to fit a line, or something that
    /// a reader would take for an encoded-word).
    static func foldedPlainText(_ value: String, nameLength: Int) -> String? {
        guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !value.contains("=?") else { return nil }
        var lines: [String] = []
        var line = ""
        var used = nameLength
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            guard word.utf8.count + 1 <= maximumLineLength else { return nil }
            if index == 0 {
                guard nameLength + word.utf8.count <= maximumLineLength else { return nil }
                line = String(word)
            } else if used + line.utf8.count + 1 + word.utf8.count <= maximumLineLength {
                line += " " + word
            } else {
                lines.append(line)
                used = 0
                line = " " + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// `text` as `=?UTF-8?B?...?=` words, each at most 75 characters and holding whole characters,
    /// the first one short enough to follow `firstLineUsed` characters on its line. Joined with
    /// folding white space, a reader decodes them back to `text`.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> [String] {
        let overhead = "=?UTF-8?B?".utf8.count + "?=".utf8.count
        func capacity(lineRoom: Int) -> Int { max(1, (lineRoom - overhead) / 4) * 3 }
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = capacity(lineRoom: maximumLineLength - firstLineUsed)
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=")
            chunk = []
            limit = capacity(lineRoom: maximumLineLength - 1)
        }
        for piece in characterPieces(of: text, maximumBytes: capacity(lineRoom: maximumLineLength - 1)) {
            if chunk.count + piece.count > limit { flush() }
            chunk += piece
        }
        flush()
        return words.isEmpty ? ["=?UTF-8?B??="] : words
    }

    /// The UTF-8 bytes of each character of `text`; a character longer than `maximumBytes` (a long
    /// run of combining marks) is split between its Unicode scalars, never inside one.
    private static func characterPieces(of text: String, maximumBytes: Int) -> [[UInt8]] {
        text.flatMap { character -> [[UInt8]] in
            let bytes = Array(character.utf8)
            guard bytes.count > maximumBytes else { return [bytes] }
            return character.unicodeScalars.map { Array(String($0).utf8) }
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
