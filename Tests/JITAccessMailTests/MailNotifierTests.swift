import Foundation
import JITAccessCore
import JITAccessRuntime
import JITAccessTestSupport
import Testing
@testable import JITAccessMail

@Suite struct MailNotifierTests {
    @Test func failuresBecomeBackendErrorsWithTheReason() async throws {
        let port = try ClosedPort.make()
        let notifier = MailNotifier(
            transport: try SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: port)),
            mail: try MailFixtures.mail(), clock: TestClock(MailFixtures.requestStart)
        )
        let notification = ActivationNotification.approvalRequested(try MailFixtures.request(), approvalLink: MailFixtures.approvalLink, statusLink: MailFixtures.statusLink)
        await #expect {
            try await notifier.send(notification)
        } throws: { error in
            guard case .backend(let message) = error as? JITAccessError else { return false }
            return message.hasPrefix("could not send the e-mail: could not connect to 127.0.0.1:\(port): ")
        }
    }

    @Test func sendsTheApprovalRequestThroughTheServer() async throws {
        let server = try await SMTPTestServer.start(username: "jitaccess", password: "pw")
        defer { server.stop() }
        let configuration = try MailConfiguration(environment: ConfigurationSource(server.environment(["SMTP_USERNAME": "jitaccess", "SMTP_PASSWORD": "pw"])))
        let notifier = try configuration.makeNotifier(outboxDirectory: "/nonexistent", clock: SystemWallClock())
        try await notifier.send(.approvalRequested(try MailFixtures.request(), approvalLink: MailFixtures.approvalLink, statusLink: MailFixtures.statusLink))
        let received = try server.received()
        try #require(received.count == 1)
        let reader = try MIMEReader(received[0].message)
        #expect(reader.subject == "alice@example.com requests access to roles/cloudsql.admin on prod-db-1234")
        #expect(reader.part("text/plain")?.body.contains(MailFixtures.approvalLink) == true)
        #expect(received[0].info.rcpt_tos == ["bob@example.com", "carol@example.com", "alice@example.com"])
    }
}
