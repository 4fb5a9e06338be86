import JITAccessCore
import Testing
@testable import JITAccessMail

@Suite struct MailMessageTests {
    @Test func rendersBothPartsWithCRLF() throws {
        let message = try MailFixtures.message(subject: "Hello", text: "plain", html: "<p>html</p>")
        let rendered = message.rendered
        #expect(rendered.contains("Content-Type: text/plain; charset=utf-8\r\n"))
        #expect(rendered.contains("Content-Type: text/html; charset=utf-8\r\n"))
        #expect(!rendered.replacing("\r\n", with: "").contains("\n"))
    }
}
