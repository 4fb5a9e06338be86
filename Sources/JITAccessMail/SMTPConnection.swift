import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to an SMTP server: write a command, await its reply, upgrade to TLS.
struct SMTPConnection: Sendable {
    private let channel: any Channel
    private let reader: NIOLoopBound<SMTPReplyReader>
    private let commandTimeout: TimeAmount
    /// `HOST:PORT`, for messages.
    let peer: String

    /// Connects within `connectTimeout`; throws ``SMTPError`` saying where and why not.
    static func connect(
        host: String, port: Int, connectTimeout: TimeAmount, commandTimeout: TimeAmount, group: any EventLoopGroup
    ) async throws -> SMTPConnection {
        let peer = "\(host):\(port)"
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(connectTimeout)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let reader = SMTPReplyReader(peer: peer)
                        try channel.pipeline.syncOperations.addHandler(reader)
                        return SMTPConnection(
                            channel: channel, reader: NIOLoopBound(reader, eventLoop: channel.eventLoop),
                            commandTimeout: commandTimeout, peer: peer
                        )
                    }
                }
        } catch ChannelError.connectTimeout {
            throw SMTPError.cannotConnect(host: host, port: port, reason: "no answer within \(connectTimeout.nanoseconds / 1_000_000_000) s")
        } catch let error as NIOConnectionError {
            throw SMTPError.cannotConnect(host: host, port: port, reason: Self.reason(error))
        } catch {
            throw SMTPError.cannotConnect(host: host, port: port, reason: "\(error)")
        }
    }

    /// The gist of a failed connection attempt: each address tried and what went wrong, or the
    /// failed name lookup.
    private static func reason(_ error: NIOConnectionError) -> String {
        if !error.connectionErrors.isEmpty {
            return error.connectionErrors.map { "\($0.target.ipAddress ?? "\($0.target)"): \($0.error)" }.joined(separator: "; ")
        }
        let lookup = [error.dnsAError, error.dnsAAAAError].compactMap { $0.map { "\($0)" } }
        return lookup.isEmpty ? "no address found for the host name" : "cannot resolve the host name (\(lookup.joined(separator: "; ")))"
    }

    /// The server's next reply (the greeting, or the answer to what was just sent).
    func reply(to command: String) async throws -> SMTPReply {
        let channel = channel
        let reader = reader
        let timeout = commandTimeout
        return try await channel.eventLoop.flatSubmit {
            reader.value.nextReply(to: command, timeout: timeout, channel: channel)
        }.get()
    }

    /// Writes `line` followed by CRLF and returns the reply. `label` replaces the line in error
    /// messages, so that credentials never appear in them.
    func command(_ line: String, label: String? = nil) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await reply(to: label ?? line)
    }

    /// Writes raw protocol text. When the write fails because the connection already broke
    /// (say, the TLS handshake failed), the reason for that is the error.
    func write(_ text: String) async throws {
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text)).get()
        } catch {
            // Once the channel is closed, every handler has seen why it broke.
            await close()
            let reader = reader
            let cause = try? await channel.eventLoop.submit { reader.value.failure }.get()
            throw cause ?? SMTPError("the connection to \(peer) failed while sending: \(error)")
        }
    }

    /// Starts TLS on this connection (after the server's `220` to STARTTLS), verifying the
    /// server's certificate for `host`. Refuses when the server already sent more: such bytes
    /// would come from before the encryption and could be an attacker's.
    func startTLS(context: NIOSSLContext, host: String) async throws {
        let channel = channel
        let reader = reader
        // SNI takes a host name only; for an IP address NIOSSL checks the certificate's IP entries.
        let serverHostname: String? = host.isIPAddress ? nil : host
        try await channel.eventLoop.submit {
            guard !reader.value.hasUnreadInput else {
                throw SMTPError("the SMTP server sent data right after agreeing to STARTTLS; refusing to continue")
            }
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    /// Closes the connection; errors are of no interest any more.
    func close() async {
        try? await channel.close()
    }
}

extension String {
    /// True for an IPv4 or IPv6 address literal.
    var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}
