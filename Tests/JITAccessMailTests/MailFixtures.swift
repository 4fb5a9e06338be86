import JITAccessCore
@testable import JITAccessMail

/// Addresses and messages the tests share.
enum MailFixtures {
    static func user(_ email: String) -> UserId {
        guard let user = UserId(email) else { fatalError("test fixture \(email) is not a valid address") }
        return user
    }

    static func address(_ email: String, name: String? = nil) throws -> MailAddress {
        try MailAddress(user(email), displayName: name)
    }

    static func message(
        subject: String, text: String = "text", html: String = "<p>html</p>",
        senderName: String? = "JIT Access", to: [String] = ["bob@example.com"], cc: [String] = []
    ) throws -> MailMessage {
        try MailMessage(
            from: address("jit@example.com", name: senderName),
            to: to.map { try address($0) },
            cc: cc.map { try address($0) },
            subject: subject, textBody: text, htmlBody: html,
            date: Timestamp(secondsSinceEpoch: 1_704_067_200)
        )
    }
}
