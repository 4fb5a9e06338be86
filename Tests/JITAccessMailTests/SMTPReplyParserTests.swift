import Foundation
import JITAccessCore
import JITAccessRuntime
import NIOCore
import Testing
@testable import JITAccessMail

@Suite struct SMTPReplyParserTests {
    func replies(_ chunks: [String]) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var replies: [SMTPReply] = []
        for chunk in chunks {
            var buffer = ByteBuffer(string: chunk)
            parser.append(&buffer)
            while let reply = try parser.next() { replies.append(reply) }
        }
        return replies
    }

    @Test func multiLineRepliesArriveInPieces() throws {
        let parsed = try replies(["250-smtp.example.com hello\r\n250-AUTH PL", "AIN LOGIN\r\n250 STARTTLS\r\n220 ", "ready\r\n"])
        #expect(parsed == [
            SMTPReply(code: 250, lines: ["smtp.example.com hello", "AUTH PLAIN LOGIN", "STARTTLS"]),
            SMTPReply(code: 220, lines: ["ready"]),
        ])
    }

    @Test func bareLineFeedsAndCodeOnlyLines() throws {
        #expect(try replies(["354\n250 ok\n"]) == [SMTPReply(code: 354, lines: [""]), SMTPReply(code: 250, lines: ["ok"])])
    }

    @Test(arguments: ["hello\r\n", "25 x\r\n", "250x\r\n", "999 x\r\n", "250-a\r\n251 b\r\n", String(repeating: "2", count: 5000)])
    func malformedRepliesAreRefused(input: String) {
        #expect(throws: SMTPReplyParser.Malformed.self) { try replies([input]) }
    }

    @Test func theDescriptionQuotesTheServer() {
        #expect(SMTPReply(code: 535, lines: ["5.7.8 Authentication credentials invalid"]).description == "535 5.7.8 Authentication credentials invalid")
    }
}
