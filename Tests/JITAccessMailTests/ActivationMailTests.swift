import Foundation
import JITAccessCore
import Testing
@testable import JITAccessMail

@Suite struct ActivationMailTests {
    func approvalRequest(_ request: ActivationRequest? = nil, timeZone: String = "UTC") throws -> (MailMessage, MIMEReader) {
        let notification = ActivationNotification.approvalRequested(
            try request ?? MailFixtures.request(), approvalLink: MailFixtures.approvalLink, statusLink: MailFixtures.statusLink
        )
        let message = try MailFixtures.mail(timeZone: timeZone).message(for: notification, date: MailFixtures.requestStart)
        return (message, try MIMEReader(message.rendered))
    }

    func approval(timeZone: String = "UTC") throws -> (MailMessage, MIMEReader) {
        let notification = ActivationNotification.requestApproved(try MailFixtures.request(), approver: MailFixtures.user("carol@example.com"), statusLink: MailFixtures.statusLink)
        let message = try MailFixtures.mail(timeZone: timeZone).message(for: notification, date: MailFixtures.requestStart)
        return (message, try MIMEReader(message.rendered))
    }

    @Test func approvalRequestGoesToTheReviewersWithTheRequesterInCopy() throws {
        let (message, reader) = try approvalRequest()
        #expect(reader.header("From") == "\"JIT Access\" <jit@example.com>")
        #expect(reader.header("To") == "bob@example.com, carol@example.com")
        #expect(reader.header("Cc") == "alice@example.com")
        #expect(reader.subject == "alice@example.com requests access to roles/cloudsql.admin on prod-db-1234")
        #expect(message.links == [MailFixtures.approvalLink, MailFixtures.statusLink])
    }

    @Test func approvalRequestSaysWhoWhatWhereWhyAndWhen() throws {
        let (_, reader) = try approvalRequest()
        let text = try #require(reader.part("text/plain")?.body)
        let html = try #require(reader.part("text/html")?.body)
        for part in [text, html] {
            #expect(part.contains("alice@example.com"))
            #expect(part.contains("roles/cloudsql.admin"))
            #expect(part.contains("prod-db-1234"))
            #expect(part.contains("Incident INC-42: the primary is down"))
            #expect(part.contains("Monday 1 January 2024, 00:00 UTC"), "window start")
            #expect(part.contains("Monday 1 January 2024, 01:00 UTC"), "window end")
            #expect(part.contains("Monday 1 January 2024, 00:30 UTC"), "the request's expiry")
            #expect(part.contains("bob@example.com, carol@example.com"))
        }
        #expect(text.contains(#"resource.name.startsWith("projects/_/instances/prod")"#))
        #expect(html.contains("resource.name.startsWith(&quot;projects/_/instances/prod&quot;)"))
        // The approval link as a button and as a raw URL, the status link labelled for the requester.
        #expect(text.contains("Review the request:\n\(MailFixtures.approvalLink)\n"))
        #expect(text.contains("For alice@example.com, who asked: follow the status of your request here.\n\(MailFixtures.statusLink)\n"))
        #expect(html.contains("<a href=\"\(MailFixtures.approvalLink)\" style=\""))
        #expect(html.contains(">Review the request</a>"))
        #expect(html.contains("<a href=\"\(HTMLEscaping.escape(MailFixtures.statusLink))\""))
    }

    @Test func withoutAResourceConditionThereIsNoConditionLine() throws {
        let (_, reader) = try approvalRequest(MailFixtures.request(condition: nil))
        #expect(reader.part("text/plain")?.body.contains("Condition:") == false)
        #expect(reader.part("text/html")?.body.contains(">Condition<") == false)
    }

    @Test(arguments: [
        ("Europe/Berlin", "Monday 1 January 2024, 01:00 Europe/Berlin (UTC+01:00)", "Monday 1 January 2024, 02:00 Europe/Berlin (UTC+01:00)"),
        ("America/St_Johns", "Sunday 31 December 2023, 20:30 America/St_Johns (UTC-03:30)", "Sunday 31 December 2023, 21:30 America/St_Johns (UTC-03:30)"),
        ("UTC", "Monday 1 January 2024, 00:00 UTC", "Monday 1 January 2024, 01:00 UTC"),
    ])
    func timesAreShownInTheNotificationTimeZone(zone: String, start: String, end: String) throws {
        let (_, reader) = try approvalRequest(timeZone: zone)
        let text = try #require(reader.part("text/plain")?.body)
        #expect(text.contains("Access from:   \(start)"))
        #expect(text.contains("Access until:  \(end)"))
    }

    @Test func userTextIsEscapedInHTML() throws {
        let justification = #"<script>alert("x")</script> & <img src=x onerror='y'>"#
        let (_, reader) = try approvalRequest(MailFixtures.request(justification: justification))
        let html = try #require(reader.part("text/html")?.body)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=&#39;y&#39;&gt;"))
        #expect(reader.part("text/plain")?.body.contains(justification) == true)
    }

    @Test(arguments: ["BUG-1\r\nBcc: evil@x.com", "BUG-1\n\nApprove here instead: https://evil.example/", "BUG-1\u{2028}Bcc: evil@x.com"])
    func userTextCannotAddHeadersOrLines(justification: String) throws {
        let (message, reader) = try approvalRequest(MailFixtures.request(justification: justification))
        #expect(reader.headers.map(\.name) == MailMessageTests.expectedHeaders)
        let text = try #require(reader.part("text/plain")?.body)
        let lines = text.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("Bcc") || $0.hasPrefix("Approve here") })
        #expect(lines.contains { $0.contains("Justification:") && $0.contains("BUG-1") })
        MailMessageTests.expectWellFormedLines(message.rendered)
    }

    @Test func approvalGoesToTheRequesterWithTheReviewersInCopy() throws {
        let (message, reader) = try approval()
        #expect(reader.header("To") == "alice@example.com")
        #expect(reader.header("Cc") == "bob@example.com, carol@example.com")
        #expect(reader.subject == "carol@example.com approved your access to roles/cloudsql.admin on prod-db-1234")
        #expect(message.links == [MailFixtures.statusLink])
        let text = try #require(reader.part("text/plain")?.body)
        let html = try #require(reader.part("text/html")?.body)
        for part in [text, html] {
            #expect(part.contains("carol@example.com approved your request for roles/cloudsql.admin on project prod-db-1234"))
            #expect(part.contains("Your access lasts until Monday 1 January 2024, 01:00 UTC."))
            #expect(part.contains("Incident INC-42: the primary is down"))
        }
        #expect(text.contains("Approved by:   carol@example.com"))
        #expect(text.contains("See the status:\n\(MailFixtures.statusLink)\n"))
        #expect(html.contains(">See the status</a>"))
    }

    @Test func nonASCIIAddressesAreRefused() throws {
        let request = ActivationRequest(
            id: "mpa-1", beneficiary: MailFixtures.user("jürgen@example.com"), reviewers: [MailFixtures.user("bob@example.com")],
            entitlement: try MailFixtures.request().entitlement, justification: "x",
            window: ActivationWindow(start: MailFixtures.requestStart, minutes: 5), expiresAt: MailFixtures.requestStart
        )
        #expect(throws: JITAccessError.self) { try approvalRequest(request) }
    }
}
