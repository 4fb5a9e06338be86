import NIOCore

/// Splits the bytes a server sends into replies (RFC 5321 section 4.2): lines `250-text` continue
/// a reply, `250 text` ends it. Refuses lines or replies too long to be an honest server's.
package struct SMTPReplyParser {
    package struct Malformed: Error, CustomStringConvertible {
        package let description: String
    }

    static let maximumLineLength = 4096
    package static let maximumLinesPerReply = 200

    private var buffer = ByteBuffer()
    private var lines: [String] = []
    private var code: Int?

    package init() {}

    /// True when bytes that do not yet form a whole reply are waiting.
    var hasPendingInput: Bool { buffer.readableBytes > 0 || !lines.isEmpty }

    package mutating func append(_ bytes: inout ByteBuffer) {
        buffer.writeBuffer(&bytes)
    }

    /// The next complete reply, or `nil` until more bytes arrive.
    package mutating func next() throws(Malformed) -> SMTPReply? {
        while let line = try nextLine() {
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, bytes[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let lineCode = Int(String(line.prefix(3))),
                  (200...599).contains(lineCode), bytes.count == 3 || bytes[3] == 0x20 || bytes[3] == 0x2D
            else {
                throw Malformed(description: "'\(line.prefix(80))' is not an SMTP reply line")
            }
            if let code, code != lineCode {
                throw Malformed(description: "a reply mixes the codes \(code) and \(lineCode)")
            }
            code = lineCode
            lines.append(bytes.count > 4 ? String(line.dropFirst(4)) : "")
            guard lines.count <= Self.maximumLinesPerReply else {
                throw Malformed(description: "a reply has more than \(Self.maximumLinesPerReply) lines")
            }
            if bytes.count == 3 || bytes[3] == 0x20 {
                let reply = SMTPReply(code: lineCode, lines: lines)
                lines = []
                code = nil
                return reply
            }
        }
        return nil
    }

    /// The next line without its CRLF (a bare LF is tolerated), or `nil` until one is complete.
    private mutating func nextLine() throws(Malformed) -> String? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: 0x0A) else {
            guard view.count <= Self.maximumLineLength else {
                throw Malformed(description: "a reply line is longer than \(Self.maximumLineLength) bytes")
            }
            return nil
        }
        guard newline - view.startIndex <= Self.maximumLineLength else {
            throw Malformed(description: "a reply line is longer than \(Self.maximumLineLength) bytes")
        }
        var line = Array(view[view.startIndex..<newline])
        buffer.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
        buffer.discardReadBytes()
        if line.last == 0x0D { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
