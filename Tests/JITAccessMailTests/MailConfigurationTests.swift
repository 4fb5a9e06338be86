import Foundation
import JITAccessCore
import JITAccessRuntime
import NIOCore
import Testing
@testable import JITAccessMail

@Suite struct MailConfigurationTests {
    func read(_ values: [String: String]) throws(ConfigurationError) -> MailConfiguration {
        try MailConfiguration(environment: ConfigurationSource(values))
    }

    @Test func withoutSMTPHostMailGoesToTheOutbox() throws {
        let configuration = try read([:])
        #expect(configuration.smtp == nil)
        #expect(configuration.sender.user.email == MailConfiguration.demoSenderAddress)
        #expect(configuration.sender.displayName == "JIT Access")
        #expect(configuration.timeZone.secondsFromGMT() == 0)
    }

    @Test func defaultsOfAnSMTPServer() throws {
        let configuration = try read(["SMTP_HOST": "smtp.example.com", "SMTP_SENDER_ADDRESS": "JIT@Example.com"])
        let smtp = try #require(configuration.smtp)
        #expect(smtp.host == "smtp.example.com")
        #expect(smtp.port == 587)
        #expect(smtp.startTLS)
        #expect(smtp.credentials == nil)
        #expect(smtp.additionalTrustedCertificates.isEmpty)
        #expect(smtp.connectTimeout == .seconds(10))
        #expect(smtp.commandTimeout == .seconds(30))
        #expect(configuration.sender.user.email == "jit@example.com")
    }

    @Test func everySetting() throws {
        let configuration = try read([
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": "2525", "SMTP_ENABLE_STARTTLS": "false",
            "SMTP_USERNAME": "mailer", "SMTP_PASSWORD": "pw", "SMTP_SENDER_ADDRESS": "jit@example.com",
            "SMTP_SENDER_NAME": "Zugangsdienst", "NOTIFICATION_TIMEZONE": "Europe/Berlin",
        ])
        let smtp = try #require(configuration.smtp)
        #expect(smtp.port == 2525)
        #expect(!smtp.startTLS)
        #expect(smtp.credentials?.username == "mailer")
        #expect(smtp.credentials?.password == "pw")
        #expect(configuration.sender.displayName == "Zugangsdienst")
        #expect(configuration.timeZone.identifier == "Europe/Berlin")
    }

    @Test(arguments: [
        (["SMTP_HOST": "smtp.example.com"], "SMTP_SENDER_ADDRESS"),
        (["SMTP_HOST": "smtp.example.com", "SMTP_SENDER_ADDRESS": "not an address"], "SMTP_SENDER_ADDRESS"),
        (["SMTP_SENDER_ADDRESS": "jürgen@example.com"], "SMTP_SENDER_ADDRESS"),
        (["SMTP_HOST": "smtp example.com", "SMTP_SENDER_ADDRESS": "a@example.com"], "SMTP_HOST"),
        (["SMTP_HOST": "smtp.example.com", "SMTP_SENDER_ADDRESS": "a@example.com", "SMTP_PORT": "0"], "SMTP_PORT"),
        (["SMTP_HOST": "smtp.example.com", "SMTP_SENDER_ADDRESS": "a@example.com", "SMTP_PORT": "smtp"], "SMTP_PORT"),
        (["SMTP_HOST": "smtp.example.com", "SMTP_SENDER_ADDRESS": "a@example.com", "SMTP_ENABLE_STARTTLS": "maybe"], "SMTP_ENABLE_STARTTLS"),
        (["SMTP_HOST": "smtp.example.com", "SMTP_SENDER_ADDRESS": "a@example.com", "SMTP_PASSWORD": "pw"], "SMTP_USERNAME"),
        (["SMTP_HOST": "smtp.example.com", "SMTP_SENDER_ADDRESS": "a@example.com", "SMTP_USERNAME": "u"], "SMTP_PASSWORD"),
        (["SMTP_HOST": "smtp.example.com", "SMTP_SENDER_ADDRESS": "a@example.com", "SMTP_TRUSTED_CA_FILE": "/nonexistent/ca.pem"], "SMTP_TRUSTED_CA_FILE"),
        (["SMTP_SENDER_NAME": "JIT\r\nBcc: evil@x.com"], "SMTP_SENDER_NAME"),
        (["NOTIFICATION_TIMEZONE": "Mars/Olympus_Mons"], "NOTIFICATION_TIMEZONE"),
    ])
    func badValuesNameTheVariable(values: [String: String], variable: String) {
        #expect {
            try read(values)
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable
        }
    }

    @Test func aFileWithoutCertificatesIsRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-ca-\(UUID().uuidString).pem")
        try "hello".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            try read(["SMTP_HOST": "smtp.example.com", "SMTP_SENDER_ADDRESS": "a@example.com", "SMTP_TRUSTED_CA_FILE": file.path])
        } throws: { error in
            (error as? ConfigurationError)?.variable == "SMTP_TRUSTED_CA_FILE"
        }
    }

    @Test func theNotifierFollowsTheConfiguration() throws {
        #expect((try read([:]).makeNotifier(outboxDirectory: "/tmp/unused", clock: SystemWallClock()) as? MailNotifier)?.transport is Outbox)
        #expect((try read(["SMTP_HOST": "smtp.example.com", "SMTP_SENDER_ADDRESS": "a@example.com"]).makeNotifier(outboxDirectory: "/tmp/unused", clock: SystemWallClock()) as? MailNotifier)?.transport is SMTPClient)
    }
}
