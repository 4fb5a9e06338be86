import Foundation
import JITAccessCore
import Testing
@testable import JITAccessMail

/// The SMTP client against a real server: aiosmtpd (`e2e/smtp_server.py`) with STARTTLS required.
@Suite struct SMTPClientTests {
    static let credentials = ["SMTP_USERNAME": "jitaccess", "SMTP_PASSWORD": "s3cret pass"]

    /// Runs `body` with a fresh server, stopped afterwards.
    func withServer(
        username: String? = "jitaccess", password: String? = "s3cret pass", authMechanisms: String = "PLAIN,LOGIN", plaintext: Bool = false,
        _ body: (SMTPTestServer) async throws -> Void
    ) async throws {
        let server = try await SMTPTestServer.start(username: username, password: password, authMechanisms: authMechanisms, plaintext: plaintext)
        defer { server.stop() }
        try await body(server)
    }

    static func message() throws -> MailMessage {
        try MailFixtures.message(
            subject: "Grüße: approve roles/cloudsql.admin",
            text: "Hello,\n.a line that starts with a dot\n..and two\n.\nend",
            html: "<p>Hello</p>\n.<p>dot</p>",
            to: ["bob@example.com", "carol@example.com"], cc: ["alice@example.com"]
        )
    }

    @Test(arguments: ["PLAIN,LOGIN", "LOGIN"])
    func deliversOverStartTLSWithAuth(mechanisms: String) async throws {
        try await withServer(authMechanisms: mechanisms) { server in
            let message = try Self.message()
            try await SMTPClient(configuration: server.configuration(Self.credentials)).send(message)
            let received = try server.received()
            try #require(received.count == 1)
            #expect(received[0].message == message.rendered)
            #expect(received[0].info.tls)
            #expect(received[0].info.authenticated)
            #expect(received[0].info.auth_user == "jitaccess")
            #expect(received[0].info.mail_from == "jit@example.com")
            #expect(received[0].info.rcpt_tos == ["bob@example.com", "carol@example.com", "alice@example.com"])
        }
    }

    @Test func verifiesTheHostNameToo() async throws {
        try await withServer { server in
            try await SMTPClient(configuration: server.configuration(Self.credentials, host: "localhost")).send(try Self.message())
            #expect(try server.received().count == 1)
        }
    }

    @Test func wrongPasswordSaysWhatTheServerSaid() async throws {
        try await withServer { server in
            let client = try SMTPClient(configuration: server.configuration(["SMTP_USERNAME": "jitaccess", "SMTP_PASSWORD": "wrong"]))
            let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
            #expect(error.message.hasPrefix("SMTP server said 535"))
            #expect(error.message.contains("check SMTP_USERNAME and SMTP_PASSWORD"))
            #expect(!error.message.contains("wrong"))
            #expect(try server.received().isEmpty)
        }
    }

    @Test func untrustedCertificateIsRefused() async throws {
        try await withServer { server in
            var configuration = try server.configuration(Self.credentials)
            configuration.additionalTrustedCertificates = []
            let client = try SMTPClient(configuration: configuration)
            let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
            #expect(error.message.contains("TLS with 127.0.0.1:\(server.port) failed"))
            #expect(error.message.contains("SMTP_TRUSTED_CA_FILE"))
            #expect(try server.received().isEmpty)
        }
    }

    @Test func withoutStartTLSTheServerRefuses() async throws {
        try await withServer(username: nil, password: nil) { server in
            let client = try SMTPClient(configuration: server.configuration(["SMTP_ENABLE_STARTTLS": "false"]))
            let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
            #expect(error.message.hasPrefix("SMTP server said 530"))
        }
    }

    @Test func withoutSTARTTLSOnOfferNothingIsSent() async throws {
        try await withServer(plaintext: true) { server in
            let client = try SMTPClient(configuration: server.configuration(Self.credentials))
            let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
            #expect(error.message == "the SMTP server 127.0.0.1:\(server.port) does not offer STARTTLS; set SMTP_ENABLE_STARTTLS=false only if mail may travel unencrypted")
            #expect(try server.received().isEmpty)
        }
    }

    @Test func plaintextOnlyWhenStartTLSIsTurnedOffExplicitly() async throws {
        try await withServer(plaintext: true) { server in
            var environment = Self.credentials
            environment["SMTP_ENABLE_STARTTLS"] = "false"
            try await SMTPClient(configuration: server.configuration(environment)).send(try Self.message())
            let received = try server.received()
            try #require(received.count == 1)
            #expect(!received[0].info.tls)
            #expect(received[0].info.authenticated)
        }
    }

    @Test func noAuthMechanismInCommonIsExplained() async throws {
        try await withServer(username: nil, password: nil, authMechanisms: "") { server in
            let client = try SMTPClient(configuration: server.configuration(Self.credentials))
            let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
            #expect(error.message.contains("offers no AUTH mechanism jitaccess supports"))
        }
    }

    @Test func refusedConnectionNamesHostAndPort() async throws {
        let port = try ClosedPort.make()
        let client = try SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: port))
        let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
        #expect(error.message.hasPrefix("could not connect to 127.0.0.1:\(port): "))
    }

    @Test func silentServerTimesOut() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        var configuration = SMTPConfiguration(host: "127.0.0.1", port: listener.port)
        configuration.commandTimeout = .seconds(1)
        let client = try SMTPClient(configuration: configuration)
        let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
        #expect(error.message == "the SMTP server did not answer the connection (greeting) within 1 s")
    }
}
