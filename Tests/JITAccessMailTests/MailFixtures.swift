import Foundation
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

extension MailFixtures {
    static let requestStart = Timestamp(secondsSinceEpoch: 1_704_067_200) // 2024-01-01T00:00:00Z
    static let approvalLink = "https://jit.example.com/?activation=abc.def~ghi"
    static let statusLink = "https://jit.example.com/?activation=abc.def~ghi&status=1"

    /// Alice asks Bob and Carol for roles/cloudsql.admin on prod-db-1234 for an hour.
    static func request(
        justification: String = "Incident INC-42: the primary is down",
        role: String = "roles/cloudsql.admin",
        condition: String? = #"resource.name.startsWith("projects/_/instances/prod")"#
    ) throws -> ActivationRequest {
        guard let project = ProjectId("prod-db-1234") else { throw TestServerError("bad project fixture") }
        return ActivationRequest(
            id: "mpa-0123456789abcdef",
            beneficiary: user("alice@example.com"),
            reviewers: [user("bob@example.com"), user("carol@example.com")],
            entitlement: EntitlementId(project: project, role: role, resourceCondition: condition.flatMap(ResourceCondition.init)),
            justification: justification,
            window: ActivationWindow(start: requestStart, minutes: 60),
            expiresAt: requestStart.adding(seconds: 30 * 60)
        )
    }

    static func mail(timeZone: String = "UTC") throws -> ActivationMail {
        guard let zone = TimeZone(identifier: timeZone) else { throw TestServerError("no time zone \(timeZone)") }
        return try ActivationMail(sender: address("jit@example.com", name: "JIT Access"), timeZone: zone)
    }
}
