import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessRuntime
import JITAccessTestSupport
import NIOCore
@testable import JITAccessWeb

/// Names and helpers shared by the peer-approval tests. In the demo cloud, alice, bob (through
/// the nested group oncall) and carol may all request `roles/cloudsql.admin` on prod-db through
/// the group dbas; dave may not.
enum PeerApprovalTest {
    static let admin = "prod-db:roles/cloudsql.admin"
    static let role = "roles/cloudsql.admin"
    static let bob = "bob@example.com"
    static let carol = "carol@example.com"
    static let requestPath = "/api/projects/prod-db/roles/request"

    static func user(_ email: String) -> UserId {
        UserId(email)!
    }

    /// The body of `POST /api/projects/{p}/roles/request`.
    static func requestBody(_ peers: [String], entitlement: String = admin, justification: String = "Ticket 9", minutes: Int = 30) -> ByteBuffer {
        let object: [String: Any] = ["entitlementId": entitlement, "justification": justification, "peers": peers, "activationTimeout": minutes]
        return ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    /// A token signed by `tokens` for a request the engine may never have made: anything the
    /// signer signs, the verifier accepts, so the web layer's checks must hold on their own.
    static func token(
        _ tokens: TestTokens, beneficiary: String = TestApp.alice, reviewers: [String] = [bob], justification: String = "Ticket 9",
        issuedAt: Timestamp = SystemWallClock().now, windowStart: Timestamp? = nil, minutes: Int = 30, expiresAt: Timestamp? = nil
    ) async throws -> String {
        let window = ActivationWindow(start: windowStart ?? issuedAt, minutes: minutes)
        let request = ActivationRequest(
            id: "mpa-test\(UInt32.random(in: 0...UInt32.max))", beneficiary: user(beneficiary), reviewers: reviewers.map(user),
            entitlement: EntitlementId(admin)!, justification: justification, window: window,
            expiresAt: expiresAt ?? min(issuedAt.adding(seconds: 3600), window.end)
        )
        return try await tokens.sign(ActivationToken(request: request, issuer: tokens.issuer, issuedAt: issuedAt))
    }

    /// The query value of the approval link in a notification.
    static func token(in notification: ActivationNotification?) -> String? {
        guard case .approvalRequested(_, let link, _) = notification, let range = link.range(of: "?activation=") else { return nil }
        return String(link[range.upperBound...])
    }

    /// Removes `member` from the group `group` in the cloud file, as an administrator would.
    static func remove(_ member: String, from group: String, in cloud: TemporaryCloud) throws {
        var document = try JSONSerialization.jsonObject(with: cloud.bytes) as? [String: Any] ?? [:]
        var groups = document["groups"] as? [[String: Any]] ?? []
        for index in groups.indices where groups[index]["email"] as? String == group {
            groups[index]["members"] = (groups[index]["members"] as? [String] ?? []).filter { $0 != member }
        }
        document["groups"] = groups
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: cloud.path))
    }
}
