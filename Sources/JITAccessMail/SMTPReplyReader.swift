import NIOCore
import NIOSSL

/// The channel handler that turns the server's bytes into replies and hands them out one at a
/// time to ``SMTPConnection``. Lives on the channel's event loop; every method runs there.
final class SMTPReplyReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var parser = SMTPReplyParser()
    private var replies = CircularBuffer<SMTPReply>()
    /// The first failure seen; every later wait fails with it.
    private(set) var failure: SMTPError?
    private var waiting: (promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>)?
    /// Describes TLS failures for the error message, such as `TLS with smtp.example.com`.
    private let peer: String

    init(peer: String) {
        self.peer = peer
    }

    /// True when the server sent anything not yet read: after STARTTLS's `220` that would be
    /// plaintext injected before the TLS handshake (CVE-2011-0411), so the client stops.
    var hasUnreadInput: Bool { !replies.isEmpty || parser.hasPendingInput }

    /// The next reply; fails with a timeout (and closes the channel) when none comes within
    /// `timeout`. `command` names what is waited for in error messages.
    func nextReply(to command: String, timeout: TimeAmount, channel: any Channel) -> EventLoopFuture<SMTPReply> {
        let eventLoop = channel.eventLoop
        if let reply = replies.popFirst() { return eventLoop.makeSucceededFuture(reply) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        precondition(waiting == nil, "SMTPConnection waits for one reply at a time")
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let seconds = "\(timeout.nanoseconds / 1_000_000_000) s"
        let scheduled = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            fail(.timedOut(command, after: seconds))
            channel.close(promise: nil)
        }
        waiting = (promise, scheduled)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        parser.append(&bytes)
        do {
            while let reply = try parser.next() {
                if let waiting {
                    self.waiting = nil
                    waiting.timeout.cancel()
                    waiting.promise.succeed(reply)
                } else {
                    replies.append(reply)
                }
            }
        } catch {
            fail(SMTPError("the SMTP server sent a malformed reply: \(error)"))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError("the SMTP server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError:
            let hint = "\(error)".contains("CERTIFICATE_VERIFY_FAILED")
                ? "; the server's certificate is not trusted (for a private CA, set SMTP_TRUSTED_CA_FILE)" : ""
            // A failed handshake is the root cause even when a closed connection was seen first.
            fail(SMTPError("TLS with \(peer) failed: \(error)\(hint)"), rootCause: true)
        default:
            fail(SMTPError("the connection to \(peer) failed: \(error)"))
        }
        context.close(promise: nil)
    }

    /// Records the first failure (or a root cause over an earlier symptom) and fails the reply
    /// being waited for, if any.
    private func fail(_ error: SMTPError, rootCause: Bool = false) {
        if failure == nil || rootCause { failure = error }
        guard let waiting else { return }
        self.waiting = nil
        waiting.timeout.cancel()
        waiting.promise.fail(failure ?? error)
    }
}
