import JITAccessMail
import NIOCore

/// What an SMTP server sends: the bytes split into replies, as the client's reply reader does,
/// and the extensions read from a `250` reply (as from EHLO).
///
/// Promise: the replies do not depend on how the bytes were cut into reads: the whole input at
/// once and the input in small pieces give the same replies and the same error.
enum SMTPReplyTarget {
    /// What the parser made of a stream of reads.
    private struct Outcome: Equatable {
        var replies: [SMTPReply] = []
        var failure: String?
    }

    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let whole = outcome(of: [bytes[...]])
        // The piece size varies with the input, so the corpus covers cuts everywhere.
        let pieceSize = bytes.count % 13 + 1
        let pieces = stride(from: 0, to: bytes.count, by: pieceSize).map { bytes[$0..<min($0 + pieceSize, bytes.count)] }
        let piecewise = outcome(of: pieces)
        try expect(piecewise == whole, "the replies read in pieces of \(pieceSize) bytes differ: \(piecewise) against \(whole)")
        for reply in whole.replies {
            try expect((200...599).contains(reply.code), "a reply has the code \(reply.code)")
            try expect((1...SMTPReplyParser.maximumLinesPerReply).contains(reply.lines.count), "a reply has \(reply.lines.count) lines")
            if reply.code == 250 { _ = SMTPExtensions(ehloReply: reply).preferredAuthMechanism }
        }
    }

    private static func outcome(of reads: [ArraySlice<UInt8>]) -> Outcome {
        var parser = SMTPReplyParser()
        var outcome = Outcome()
        for read in reads {
            var buffer = ByteBuffer(bytes: read)
            parser.append(&buffer)
            do {
                while let reply = try parser.next() { outcome.replies.append(reply) }
            } catch {
                outcome.failure = error.description
                return outcome
            }
        }
        return outcome
    }
}
