import Foundation
import JITAccessCore
import Testing
@testable import JITAccessMail

/// Both mails escape user text in their HTML part by byte, so text that hides `<` or `"` inside
/// a grapheme (a prepended U+0600, a combining U+0301) is escaped like any other.
@Suite struct MailInjectionTests {
    static let payload = "INC-7 \u{600}<meta http-equiv=refresh content=0;url=https://evil.example/ \u{600}> \"\u{301} '\u{20D2} &\u{FE0F}"

    static func html(_ notification: ActivationNotification) throws -> String {
        let message = try MailFixtures.mail().message(for: notification, date: MailFixtures.requestStart)
        return try #require(MIMEReader(message.rendered).part("text/html")?.body)
    }

    @Test func bothMailsEscapeTheJustificationRoleAndCondition() throws {
        let request = try MailFixtures.request(justification: Self.payload, role: Self.payload, condition: "s == '\(Self.payload)'")
        for notification in [
            ActivationNotification.approvalRequested(request, approvalLink: MailFixtures.approvalLink, statusLink: MailFixtures.statusLink),
            .requestApproved(request, approver: MailFixtures.user("carol@example.com"), statusLink: MailFixtures.statusLink),
        ] {
            let html = try Self.html(notification)
            #expect(!html.contains("<meta http-equiv=refresh"))
            #expect(!html.contains("\u{600}<") && !html.contains("\u{600}>"))
            #expect(!html.contains("\"\u{301}") && !html.contains("'\u{20D2}") && !html.contains("&\u{FE0F}"))
            #expect(html.contains("\u{600}&lt;meta http-equiv=refresh content=0;url=https://evil.example/ \u{600}&gt; &quot;\u{301} &#39;\u{20D2} &amp;\u{FE0F}"))
        }
    }
}
