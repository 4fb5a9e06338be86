/// Why mail could not be sent, in words an operator can act on.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    static func cannotConnect(host: String, port: Int, reason: String) -> SMTPError {
        SMTPError("could not connect to \(host):\(port): \(reason)")
    }

    static func rejected(_ command: String, reply: SMTPReply, hint: String? = nil) -> SMTPError {
        SMTPError("SMTP server said \(reply) (in reply to \(command))" + (hint.map { "; \($0)" } ?? ""))
    }

    static func timedOut(_ command: String, after timeout: String) -> SMTPError {
        SMTPError("the SMTP server did not answer \(command) within \(timeout)")
    }
}
