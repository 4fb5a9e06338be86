import Foundation
import JITAccessCore
import Testing
@testable import JITAccessMail

@Suite struct MailMessageTests {
    static let expectedHeaders = ["From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type"]

    /// Every line is ASCII and at most 76 characters, with CRLF line breaks only.
    static func expectWellFormedLines(_ rendered: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!rendered.replacing("\r\n", with: "").contains("\n"), sourceLocation: sourceLocation)
        #expect(!rendered.replacing("\r\n", with: "").contains("\r"), sourceLocation: sourceLocation)
        for line in rendered.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76, "line too long: \(line)", sourceLocation: sourceLocation)
            #expect(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } || line.isEmpty, "not printable ASCII: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test func rendersHeadersAndBothParts() throws {
        let message = try MailFixtures.message(subject: "Hello", text: "plain", html: "<p>html</p>", cc: ["alice@example.com"])
        let reader = try MIMEReader(message.rendered)
        #expect(reader.headers.map(\.name) == Self.expectedHeaders)
        #expect(reader.header("From") == "\"JIT Access\" <jit@example.com>")
        #expect(reader.header("To") == "bob@example.com")
        #expect(reader.header("Cc") == "alice@example.com")
        #expect(reader.subject == "Hello")
        #expect(reader.header("Date") == "Mon, 01 Jan 2024 00:00:00 +0000")
        #expect(reader.header("MIME-Version") == "1.0")
        #expect(reader.header("Message-ID")?.hasSuffix("@example.com>") == true)
        #expect(reader.header("Content-Type")?.hasPrefix("multipart/alternative;") == true)
        #expect(reader.parts.count == 2)
        #expect(reader.part("text/plain; charset=utf-8")?.body == "plain")
        #expect(reader.part("text/html; charset=utf-8")?.body == "<p>html</p>")
        Self.expectWellFormedLines(message.rendered)
    }

    @Test(arguments: [
        "Hello\r\nBcc: evil@x.com",
        "Hello\nBcc: evil@x.com",
        "Hello\rBcc: evil@x.com",
        "Hello\r\n\r\nBcc: evil@x.com",
        "Hello\u{2028}Bcc: evil@x.com",
        "Hello\u{85}Bcc: evil@x.com",
        "Hellö\r\nBcc: evil@x.com",
        "Hello\0Bcc: evil@x.com",
    ])
    func lineBreaksInTheSubjectNeverAddAHeader(subject: String) throws {
        let message = try MailFixtures.message(subject: subject)
        let reader = try MIMEReader(message.rendered)
        #expect(reader.headers.map(\.name) == Self.expectedHeaders.filter { $0 != "Cc" })
        #expect(!reader.headerLines.contains { $0.lowercased().hasPrefix("bcc") })
        #expect(reader.subject?.hasSuffix(" Bcc: evil@x.com") == true)
        Self.expectWellFormedLines(message.rendered)
    }

    @Test(arguments: ["JIT\r\nBcc: evil@x.com", "Zugang für\nBcc: evil@x.com", "x\"\r\nBcc: evil@x.com"])
    func lineBreaksInTheSenderNameNeverAddAHeader(name: String) throws {
        let message = try MailFixtures.message(subject: "Hi", senderName: name)
        let reader = try MIMEReader(message.rendered)
        #expect(reader.headers.map(\.name) == Self.expectedHeaders.filter { $0 != "Cc" })
        #expect(reader.header("From").map(MIMEReader.decodeWords)?.contains("Bcc: evil@x.com") == true)
        #expect(reader.header("From")?.hasSuffix("<jit@example.com>") == true)
    }

    @Test(arguments: [
        "Zugriff für Jürgen auf die Datenbank",
        "数据库访问请求: roles/cloudsql.admin",
        "🚀 launch 👩‍👩‍👧‍👦 family",
        "Looks like =?UTF-8?B?ZXZpbA==?= but is plain",
        String(repeating: "Überlange Betreffzeile mit Umlauten äöü ", count: 8),
        String(repeating: "👩‍👩‍👧‍👦", count: 20),
        "e" + String(repeating: "\u{301}", count: 40),
    ])
    func encodedSubjectsRoundTrip(subject: String) throws {
        let message = try MailFixtures.message(subject: subject)
        let reader = try MIMEReader(message.rendered)
        #expect(reader.subject == HeaderText.sanitized(subject))
        #expect(reader.header("Subject")?.hasPrefix("=?UTF-8?B?") == true)
        Self.expectWellFormedLines(message.rendered)
    }

    @Test func encodedWordsAreShortAndHoldWholeCharacters() throws {
        let subject = String(repeating: "👩‍👩‍👧‍👦 Zürich ", count: 10)
        let words = HeaderText.encodedWords(subject, firstLineUsed: 9)
        #expect(words.count > 1)
        var decoded = ""
        for word in words {
            #expect(word.utf8.count <= 75)
            let text = MIMEReader.decodeWords(word)
            // A word that split a character would not decode as UTF-8 (decodeWords keeps it raw).
            #expect(!text.hasPrefix("=?"))
            decoded += text
        }
        #expect(decoded == subject)
    }

    @Test func longPlainSubjectsFoldAtSpaces() throws {
        let subject = "alice.longname@example.com requests access to projects/my-project/roles/customDatabaseAdministrator on production-database-1"
        let message = try MailFixtures.message(subject: subject)
        let reader = try MIMEReader(message.rendered)
        let subjectLines = message.rendered.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.count > 1)
        #expect(reader.subject == subject)
        #expect(reader.header("Subject")?.contains("=?") == false)
        Self.expectWellFormedLines(message.rendered)
    }

    @Test func nonASCIISenderNameIsEncoded() throws {
        let message = try MailFixtures.message(subject: "Hi", senderName: "Zugangsdienst Müller")
        let from = try #require(try MIMEReader(message.rendered).header("From"))
        #expect(from.hasPrefix("=?UTF-8?B?"))
        #expect(MIMEReader.decodeWords(from) == "Zugangsdienst Müller <jit@example.com>")
    }

    @Test func quotesInTheSenderNameAreEscaped() throws {
        let message = try MailFixtures.message(subject: "Hi", senderName: "Say \"hi\" \\ now")
        #expect(try MIMEReader(message.rendered).header("From") == "\"Say \\\"hi\\\" \\\\ now\" <jit@example.com>")
    }

    @Test func manyRecipientsFoldBetweenAddresses() throws {
        let reviewers = (1...12).map { "reviewer-number-\($0)@example.com" }
        let message = try MailFixtures.message(subject: "Hi", to: reviewers)
        let to = try #require(try MIMEReader(message.rendered).header("To"))
        #expect(to.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } == reviewers)
        Self.expectWellFormedLines(message.rendered)
    }

    @Test func recipientsAreEachListedOnce() throws {
        let message = try MailFixtures.message(subject: "Hi", to: ["bob@example.com", "carol@example.com"], cc: ["bob@example.com", "alice@example.com"])
        #expect(message.cc.map(\.user.email) == ["alice@example.com"])
        #expect(message.recipients.map(\.user.email) == ["bob@example.com", "carol@example.com", "alice@example.com"])
    }

    @Test func addressesMustBeASCII() throws {
        #expect(throws: JITAccessError.self) { try MailAddress(MailFixtures.user("jürgen@example.com")) }
    }

    @Test(arguments: [
        "plain text",
        "a line that is much longer than seventy-six characters, so quoted-printable has to break it softly somewhere",
        "trailing space \nand tab\t\nnext",
        "equals = signs and =3D lookalikes",
        "Grüße aus Zürich 🚀 — 数据库",
        "windows\r\nline\rbreaks",
        String(repeating: "ü", count: 100),
        ".leading dot\n..two dots\n.",
    ])
    func bodiesRoundTripThroughQuotedPrintable(body: String) throws {
        let message = try MailFixtures.message(subject: "Hi", text: body, html: body)
        let reader = try MIMEReader(message.rendered)
        #expect(reader.part("text/plain")?.body == body.replacingLineBreaks())
        #expect(reader.part("text/html")?.body == body.replacingLineBreaks())
        #expect(reader.parts.allSatisfy { $0.headers.map(\.name) == ["Content-Type", "Content-Transfer-Encoding"] })
        Self.expectWellFormedLines(message.rendered)
    }
}
