import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail to one SMTP server (RFC 5321): EHLO, STARTTLS (RFC 3207) then EHLO again, AUTH
/// PLAIN or LOGIN (RFC 4954) when credentials are configured, MAIL FROM, RCPT TO for each
/// recipient, DATA, QUIT. A new connection per message: jitaccess sends few.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    /// Built once: loading the system's trust roots is slow.
    private let tlsContext: NIOSSLContext?

    /// A client for the server of `configuration`; throws ``SMTPError`` when TLS cannot be set up
    /// (for example, unusable trusted certificates).
    public init(configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "jitaccess.smtp")) throws {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        do {
            tlsContext = configuration.startTLS ? try configuration.makeTLSContext() : nil
        } catch {
            throw SMTPError("cannot set up TLS for the SMTP server: \(error)")
        }
    }

    /// Delivers `message` to all its recipients; throws ``SMTPError`` when the server refuses or
    /// cannot be reached, having sent nothing (the server accepts the message only at the end).
    public func send(_ message: MailMessage) async throws {
        let connection = try await SMTPConnection.connect(
            host: configuration.host, port: configuration.port, connectTimeout: TimeAmount(configuration.connectTimeout),
            commandTimeout: TimeAmount(configuration.commandTimeout), group: group
        )
        do {
            try await converse(over: connection, message: message)
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    private func converse(over connection: SMTPConnection, message: MailMessage) async throws {
        try expect(220, try await connection.reply(to: "the connection (greeting)"), after: "the connection (greeting)")
        var extensions = try await hello(over: connection)
        var encrypted = false
        if configuration.startTLS {
            guard extensions.supportsStartTLS else {
                throw SMTPError("the SMTP server \(connection.peer) does not offer STARTTLS; set SMTP_ENABLE_STARTTLS=false only if mail may travel unencrypted")
            }
            try expect(220, try await connection.command("STARTTLS"), after: "STARTTLS")
            guard let tlsContext else { throw SMTPError("TLS is not set up for STARTTLS") }
            try await connection.startTLS(context: tlsContext, host: configuration.host)
            encrypted = true
            extensions = try await hello(over: connection)
        }
        if let credentials = configuration.credentials {
            try await authenticate(credentials, over: connection, extensions: extensions, encrypted: encrypted)
        }
        try expect(250, try await connection.command("MAIL FROM:\(message.from.envelope)"), after: "MAIL FROM")
        for recipient in message.recipients {
            let reply = try await connection.command("RCPT TO:\(recipient.envelope)")
            guard reply.code == 250 || reply.code == 251 else {
                throw SMTPError.rejected("RCPT TO:\(recipient.envelope)", reply: reply)
            }
        }
        try expect(354, try await connection.command("DATA"), after: "DATA")
        try await connection.write(SMTPData.encode(message.rendered))
        try expect(250, try await connection.reply(to: "the end of DATA"), after: "the message data")
        logger.info("sent mail", metadata: [
            "messageId": "\(message.messageId)", "recipients": "\(message.recipients.map(\.user.email))", "server": "\(connection.peer)",
        ])
        // The message is accepted; a failed QUIT changes nothing.
        _ = try? await connection.command("QUIT")
    }

    /// EHLO, and the extensions the server announces.
    private func hello(over connection: SMTPConnection) async throws -> SMTPExtensions {
        let reply = try await connection.command("EHLO \(SMTPClient.clientName)")
        try expect(250, reply, after: "EHLO")
        return SMTPExtensions(ehloReply: reply)
    }

    /// AUTH PLAIN, or LOGIN when the server offers only that; never over plaintext unless
    /// STARTTLS was turned off on purpose.
    private func authenticate(_ credentials: SMTPConfiguration.Credentials, over connection: SMTPConnection, extensions: SMTPExtensions, encrypted: Bool) async throws {
        guard encrypted || !configuration.startTLS else {
            throw SMTPError("refusing to send the SMTP password over an unencrypted connection")
        }
        let mechanism = extensions.preferredAuthMechanism
        if !encrypted, mechanism != nil {
            logger.warning("sending the SMTP password without encryption, as SMTP_ENABLE_STARTTLS=false", metadata: ["server": "\(connection.peer)"])
        }
        let hint = "check SMTP_USERNAME and SMTP_PASSWORD"
        switch mechanism {
        case .plain:
            let token = Base64.encode([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8))
            let reply = try await connection.command("AUTH PLAIN \(token)", label: "AUTH PLAIN")
            guard reply.code == 235 else { throw SMTPError.rejected("AUTH PLAIN", reply: reply, hint: hint) }
        case .login:
            try expect(334, try await connection.command("AUTH LOGIN"), after: "AUTH LOGIN")
            try expect(334, try await connection.command(Base64.encode(credentials.username), label: "AUTH LOGIN (user name)"), after: "AUTH LOGIN (user name)")
            let reply = try await connection.command(Base64.encode(credentials.password), label: "AUTH LOGIN (password)")
            guard reply.code == 235 else { throw SMTPError.rejected("AUTH LOGIN", reply: reply, hint: hint) }
        case nil:
            let offered = extensions.authMechanisms.isEmpty ? "none" : extensions.authMechanisms.sorted().joined(separator: " ")
            throw SMTPError("the SMTP server \(connection.peer) offers no AUTH mechanism jitaccess supports (PLAIN, LOGIN); it offers: \(offered). Unset SMTP_USERNAME to send without AUTH")
        }
    }

    private func expect(_ code: Int, _ reply: SMTPReply, after command: String) throws {
        guard reply.code == code else { throw SMTPError.rejected(command, reply: reply) }
    }

    /// The name given in EHLO. Servers may check it against reverse DNS at most; a fixed
    /// name leaks nothing about the host.
    static let clientName = "jitaccess.localdomain"
}
