import Foundation

/// A small, independent reader of the messages jitaccess writes, to check them as a mail
/// program would: unfolds headers, decodes RFC 2047 words and quoted-printable parts.
struct MIMEReader {
    struct Part {
        let headers: [(name: String, value: String)]
        let body: String
    }

    /// The header fields in order, names as written, values unfolded (not decoded).
    let headers: [(name: String, value: String)]
    /// The header section's lines as written (folded).
    let headerLines: [String]
    let parts: [Part]

    init(_ message: String) throws {
        guard let split = message.range(of: "\r\n\r\n") else { throw TestServerError("no blank line after the headers") }
        headerLines = message[..<split.lowerBound].components(separatedBy: "\r\n")
        headers = try Self.fields(headerLines)
        let body = String(message[split.upperBound...])
        guard let contentType = headers.first(where: { $0.name.lowercased() == "content-type" })?.value,
              let boundaryStart = contentType.range(of: "boundary=\"")
        else {
            parts = []
            return
        }
        let boundary = String(contentType[boundaryStart.upperBound...].prefix { $0 != "\"" })
        let sections = body.components(separatedBy: "\r\n--\(boundary)")
        parts = try sections.dropFirst().filter { !$0.hasPrefix("--") }.map { section in
            // "\r\n" is one Character in Swift.
            let text = section.hasPrefix("\r\n") ? String(section.dropFirst()) : section
            guard let end = text.range(of: "\r\n\r\n") else { throw TestServerError("a part has no blank line") }
            let headers = try Self.fields(text[..<end.lowerBound].components(separatedBy: "\r\n"))
            return Part(headers: headers, body: try Self.decodeQuotedPrintable(String(text[end.upperBound...])))
        }
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The subject as a mail program shows it.
    var subject: String? { header("Subject").map(Self.decodeWords) }

    func part(_ contentType: String) -> Part? {
        parts.first { $0.headers.contains { $0.name == "Content-Type" && $0.value.hasPrefix(contentType) } }
    }

    private static func fields(_ lines: [String]) throws -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for line in lines {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                guard !fields.isEmpty else { throw TestServerError("a continuation line comes first") }
                fields[fields.count - 1].value += line
            } else {
                guard let colon = line.firstIndex(of: ":") else { throw TestServerError("'\(line)' is not a header field") }
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        return fields
    }

    /// RFC 2047: `=?UTF-8?B?...?=` words decoded; white space between two words dropped.
    static func decodeWords(_ value: String) -> String {
        var output = ""
        var pendingSpace = ""
        var previousWasEncoded = false
        var rest = Substring(value)
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let end = rest.dropFirst(2).range(of: "?=") {
                let word = rest[rest.startIndex..<end.upperBound]
                let pieces = word.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
                if pieces.count == 3, pieces[0].uppercased() == "UTF-8", pieces[1].uppercased() == "B",
                   let data = Data(base64Encoded: String(pieces[2])), let text = String(data: data, encoding: .utf8)
                {
                    if !previousWasEncoded { output += pendingSpace }
                    output += text
                    pendingSpace = ""
                    previousWasEncoded = true
                    rest = rest[end.upperBound...]
                    continue
                }
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingSpace.append(character)
            } else {
                output += pendingSpace
                output.append(character)
                pendingSpace = ""
                previousWasEncoded = false
            }
        }
        return output + pendingSpace
    }

    /// Quoted-printable to text; hard line breaks become LF.
    static func decodeQuotedPrintable(_ text: String) throws -> String {
        var bytes: [UInt8] = []
        let lines = text.components(separatedBy: "\r\n")
        for (index, line) in lines.enumerated() {
            var characters = Array(line.utf8)
            let soft = characters.last == UInt8(ascii: "=")
            if soft { characters.removeLast() }
            var position = 0
            while position < characters.count {
                if characters[position] == UInt8(ascii: "="), position + 2 < characters.count + 0,
                   let value = UInt8(String(decoding: characters[(position + 1)...(position + 2)], as: UTF8.self), radix: 16)
                {
                    bytes.append(value)
                    position += 3
                } else {
                    bytes.append(characters[position])
                    position += 1
                }
            }
            if !soft && index < lines.count - 1 { bytes.append(0x0A) }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw TestServerError("a part is not UTF-8") }
        return decoded
    }
}
