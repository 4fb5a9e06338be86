import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessRuntime
import NIOCore
import Testing
@testable import JITAccessWeb
import JITAccessTestSupport

/// Peer approval in the JSON API: peers, requests, the request behind a token, approval, and
/// every refusal.
@Suite struct PeerApprovalAPITests {
    typealias T = PeerApprovalTest
    static let headers = TestApp.apiHeaders(json: true)

    static func activationRequest(_ token: String) -> String {
        "/api/activation-request?activation=\(token)"
    }

    @Test(arguments: [
        (TestApp.alice, [T.bob, T.carol]),
        (T.bob, [TestApp.alice, T.carol]),
        (T.carol, [TestApp.alice, T.bob]),
    ])
    func peersAreTheOtherHoldersOfTheBinding(user: String, peers: [String]) async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/projects/prod-db/peers?id=\(T.admin)", method: .get, headers: TestApp.apiHeaders(user))
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json.keys.sorted() == ["peers"])
            #expect(response.json["peers"] as? [[String: String]] == peers.map { ["email": $0] })
        }
        #expect(audit.labels(of: "api.listPeers").first?["user"] == user)
    }

    @Test(arguments: [
        (TestApp.dave, "/api/projects/prod-db/peers?id=\(T.admin)", HTTPResponse.Status.forbidden, "not eligible"),
        (TestApp.alice, "/api/projects/prod-db/peers?id=prod-db:roles/cloudsql.viewer", .forbidden, "not eligible"),
        (TestApp.alice, "/api/projects/prod-db/peers?id=dev-sandbox:roles/owner", .badRequest, "belongs to project 'dev-sandbox'"),
        (TestApp.alice, "/api/projects/prod-db/peers", .badRequest, "entitlement id"),
        (TestApp.alice, "/api/projects/prod-db/peers?id=nonsense", .badRequest, "'nonsense' is not an entitlement id"),
    ])
    func peersAreRefusedToWhoeverCannotRequest(user: String, path: String, status: HTTPResponse.Status, expected: String) async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: path, method: .get, headers: TestApp.apiHeaders(user))
            #expect(response.status == status)
            #expect(response.message?.contains(expected) == true, "\(response.text)")
        }
    }

    @Test func aRequestIsSignedMailedAndAnsweredLike181WithItsState() async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let audit = AuditRecorder()
        let notifier = RecordingNotifier()
        let app = try TestApp.make(cloud: cloud, audit: audit, notifier: notifier)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: T.requestPath, method: .post, headers: Self.headers, body: T.requestBody([T.bob]))
            #expect(response.status == .ok, "\(response.text)")
            let json = response.json
            #expect(Set(json.keys) == [
                "beneficiary", "reviewers", "isBeneficiary", "isReviewer", "justification", "entitlements", "requestState", "validUntil",
            ])
            #expect(json["beneficiary"] as? [String: String] == ["email": TestApp.alice])
            #expect(json["reviewers"] as? [[String: String]] == [["email": T.bob]])
            #expect(json["isBeneficiary"] as? Bool == true)
            #expect(json["isReviewer"] as? Bool == false)
            #expect(json["justification"] as? String == "Ticket 9")
            #expect(json["requestState"] as? String == "pending")
            let entitlement = try #require((json["entitlements"] as? [[String: Any]])?.first)
            #expect(Set(entitlement.keys) == ["activationId", "projectId", "id", "name", "resourceCondition", "status", "startTime", "endTime"])
            #expect((entitlement["activationId"] as? String)?.hasPrefix("mpa-") == true)
            #expect(entitlement["projectId"] as? String == "prod-db")
            #expect(entitlement["id"] as? String == T.admin)
            #expect(entitlement["name"] as? String == T.role)
            #expect(entitlement["status"] as? String == "ACTIVATION_PENDING")
            #expect(entitlement["resourceCondition"] is NSNull)
            let start = try #require(entitlement["startTime"] as? Int)
            let end = try #require(entitlement["endTime"] as? Int)
            #expect(end - start == 30 * 60)
            #expect(json["validUntil"] as? Int == end, "the request lapses with the window when that is sooner than the request timeout")
        }
        guard case .approvalRequested(let request, let link, let statusLink) = try #require(notifier.notifications.first) else {
            Issue.record("the reviewers were not notified: \(notifier.notifications)")
            return
        }
        #expect(request.reviewers == [T.user(T.bob)])
        #expect(link.hasPrefix("\(TestApp.baseURL)/?activation="))
        #expect(statusLink == link)
        #expect(try cloud.bytes == before, "a request writes nothing to IAM")
        let labels = try #require(audit.labels(of: "api.requestRole").first)
        #expect(labels["user"] == TestApp.alice && labels["reviewers"] == T.bob && labels["role"] == T.role)
    }

    struct RefusedRequest: Sendable, CustomStringConvertible {
        let description: String
        let user: String
        let peers: [String]
        var entitlement = T.admin
        var justification = "Ticket 9"
        var minutes = 30
        let status: HTTPResponse.Status
        let expected: String
        /// Whether the refusal reaches the audit trail: a body that cannot be read is refused before.
        var audited = true
    }

    @Test(arguments: [
        RefusedRequest(description: "too few reviewers", user: TestApp.alice, peers: [T.bob], status: .badRequest, expected: "Choose 2 to 3 reviewers; 1 were chosen"),
        RefusedRequest(description: "no reviewers", user: TestApp.alice, peers: [], status: .badRequest, expected: "Choose 2 to 3 reviewers; 0 were chosen"),
        RefusedRequest(
            description: "too many reviewers", user: TestApp.alice, peers: [T.bob, T.carol, "erin@example.com", "frank@example.com"],
            status: .badRequest, expected: "Choose 2 to 3 reviewers; 4 were chosen"
        ),
        RefusedRequest(description: "an unqualified peer", user: TestApp.alice, peers: [T.bob, TestApp.dave], status: .badRequest, expected: "dave@example.com is not a qualified reviewer"),
        RefusedRequest(description: "the requester as reviewer", user: TestApp.alice, peers: [T.bob, TestApp.alice], status: .badRequest, expected: "cannot review your own request"),
        RefusedRequest(description: "not an e-mail address", user: TestApp.alice, peers: [T.bob, "bob"], status: .badRequest, expected: "'bob' is not an e-mail address", audited: false),
        RefusedRequest(description: "a requester who is not eligible", user: TestApp.dave, peers: [T.bob, T.carol], status: .forbidden, expected: "not eligible"),
        RefusedRequest(description: "a bad justification", user: TestApp.alice, peers: [T.bob, T.carol], justification: "", status: .badRequest, expected: "Enter a justification"),
        RefusedRequest(description: "too long", user: TestApp.alice, peers: [T.bob, T.carol], minutes: 121, status: .badRequest, expected: "between 1 and 120 minutes"),
        RefusedRequest(
            description: "a self-approval role", user: TestApp.alice, peers: [T.bob, T.carol], entitlement: "prod-db:roles/cloudsql.viewer",
            status: .forbidden, expected: "not eligible"
        ),
    ])
    func aRequestBreakingARuleIsRefusedAndSendsNothing(refused: RefusedRequest) async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let notifier = RecordingNotifier()
        let audit = AuditRecorder()
        let rules = try ActivationRules(minReviewers: 2, maxReviewers: 3)
        let app = try TestApp.make(cloud: cloud, rules: rules, audit: audit, notifier: notifier)
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: T.requestPath, method: .post, headers: TestApp.apiHeaders(refused.user, json: true),
                body: T.requestBody(refused.peers, entitlement: refused.entitlement, justification: refused.justification, minutes: refused.minutes)
            )
            #expect(response.status == refused.status)
            #expect(response.message?.contains(refused.expected) == true, "\(response.text)")
        }
        #expect(notifier.notifications.isEmpty)
        #expect(try cloud.bytes == before)
        #expect((audit.labels(of: "api.requestRole").first?["error"] != nil) == refused.audited)
    }

    @Test func whenTheMailFailsTheAnswerIs502WithTheLinkToPassOn() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, notifier: RecordingNotifier(failure: .backend("the SMTP server refused the sender")))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: T.requestPath, method: .post, headers: Self.headers, body: T.requestBody([T.bob]))
            #expect(response.status == .badGateway)
            let link = try #require(response.json["approvalLink"] as? String)
            #expect(link.hasPrefix("\(TestApp.baseURL)/?activation="))
            #expect(Set(response.json.keys) == ["message", "approvalLink"])
            #expect(response.message == "The request was created, but it could not be e-mailed (the SMTP server refused the sender). Send this link to the reviewers yourself: \(link)")

            // The link works: bob can open it.
            let token = String(link.dropFirst("\(TestApp.baseURL)/?activation=".count))
            let view = try await client.execute(uri: Self.activationRequest(token), method: .get, headers: TestApp.apiHeaders(T.bob))
            #expect(view.status == .ok)
        }
    }

    @Test func anApprovalNeedsNoBody() async throws {
        let cloud = try TemporaryCloud()
        let notifier = RecordingNotifier()
        let app = try TestApp.make(cloud: cloud, notifier: notifier)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: T.requestPath, method: .post, headers: Self.headers, body: T.requestBody([T.bob]))
            let token = try #require(T.token(in: notifier.notifications.first))
            let approved = try await client.execute(uri: Self.activationRequest(token), method: .post, headers: TestApp.apiHeaders(T.bob))
            #expect(approved.status == .ok, "\(approved.text)")
            var plainText = TestApp.apiHeaders(T.bob)
            plainText[.contentType] = "text/plain"
            let formBody = try await client.execute(uri: Self.activationRequest(token), method: .post, headers: plainText, body: ByteBuffer(string: "x"))
            #expect(formBody.status == .badRequest, "a body that is not JSON is still refused")
        }
    }

    @Test func onlyTheBeneficiaryAndTheReviewersSeeTheRequest() async throws {
        let cloud = try TemporaryCloud()
        let notifier = RecordingNotifier()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit, notifier: notifier)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: T.requestPath, method: .post, headers: Self.headers, body: T.requestBody([T.bob]))
            let token = try #require(T.token(in: notifier.notifications.first))
            #expect(!token.hasPrefix("ey"), "links carry the obfuscated token")

            for (user, beneficiary, reviewer) in [(TestApp.alice, true, false), (T.bob, false, true)] {
                let response = try await client.execute(uri: Self.activationRequest(token), method: .get, headers: TestApp.apiHeaders(user))
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.json["isBeneficiary"] as? Bool == beneficiary)
                #expect(response.json["isReviewer"] as? Bool == reviewer)
                #expect(response.json["requestState"] as? String == "pending")
                #expect(response.json["justification"] as? String == "Ticket 9")
            }
            let plain = ActivationLinks.deobfuscate(token)
            #expect(try await client.execute(uri: Self.activationRequest(plain), method: .get, headers: TestApp.apiHeaders(T.bob)).status == .ok)

            for user in [TestApp.dave, T.carol] {
                let refused = try await client.execute(uri: Self.activationRequest(token), method: .get, headers: TestApp.apiHeaders(user))
                #expect(refused.status == .forbidden)
                #expect(refused.message?.contains("Only the requester and the reviewers") == true)
            }
        }
        #expect(audit.labels(of: "api.getActivationRequest").compactMap { $0["error"] == nil ? $0["user"] : nil } == [TestApp.alice, T.bob, T.bob])
    }

    @Test(arguments: ["", "eyJhbGciOiJub25lIn0.e30.", "not-a-token", String(repeating: "A", count: 5000)])
    func aBadTokenGets400(token: String) async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            for method in [HTTPRequest.Method.get, .post] {
                let response = try await client.execute(uri: Self.activationRequest(token), method: method, headers: TestApp.apiHeaders(T.bob, json: true))
                #expect(response.status == .badRequest, "\(method) \(response.text)")
                #expect(response.message?.isEmpty == false)
            }
        }
        #expect(try cloud.bytes == before)
    }

    @Test func aTokenFromAnotherSignerGets400() async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let app = try TestApp.make(cloud: cloud)
        let forged = try await T.token(try TestTokens())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: Self.activationRequest(forged), method: .post, headers: TestApp.apiHeaders(T.bob, json: true))
            #expect(response.status == .badRequest)
        }
        #expect(try cloud.bytes == before)
    }

    @Test func aReviewerApprovesAndTheBindingHasTheExactFormatOnce() async throws {
        let cloud = try TemporaryCloud()
        let notifier = RecordingNotifier()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit, notifier: notifier)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: T.requestPath, method: .post, headers: Self.headers, body: T.requestBody([T.bob, T.carol], justification: "Ticket 9: <b>disk</b>"))
            let token = try #require(T.token(in: notifier.notifications.first))
            guard case .approvalRequested(let request, _, _) = notifier.notifications.first else { return }

            for _ in 1...2 {
                let response = try await client.execute(uri: Self.activationRequest(token), method: .post, headers: TestApp.apiHeaders(T.bob, json: true))
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.json["requestState"] as? String == "approved")
                #expect(response.json["approvedBy"] as? [String: String] == ["email": T.bob])
                #expect(response.json["validUntil"] as? Int == Int(request.window.end.secondsSinceEpoch))
                let entitlement = (response.json["entitlements"] as? [[String: Any]])?.first
                #expect(entitlement?["status"] as? String == "ACTIVE")
                #expect(entitlement?["startTime"] as? Int == Int(request.window.start.secondsSinceEpoch))
            }

            let view = try await client.execute(uri: Self.activationRequest(token), method: .get, headers: TestApp.apiHeaders(TestApp.alice))
            #expect(view.json["requestState"] as? String == "approved")
            #expect(view.json["approvedBy"] as? [String: String] == ["email": T.bob])

            let roles = try await client.execute(uri: "/api/projects/prod-db/roles", method: .get, headers: TestApp.apiHeaders())
            let listed = (roles.json["entitlements"] as? [[String: Any]])?.first { $0["id"] as? String == T.admin }
            #expect(listed?["status"] as? String == "ACTIVE")

            let bindings = try await cloud.activations(of: TestApp.alice, on: "prod-db")
            #expect(bindings.count == 1, "approving twice leaves one binding")
            let binding = try #require(bindings.first)
            #expect(binding.role == T.role)
            #expect(binding.members == ["user:\(TestApp.alice)"])
            #expect(binding.condition?.title == "JIT access activation")
            #expect(binding.condition?.description == "Approved by bob@example.com, request \(request.id), justification: Ticket 9: <b>disk</b>")
            #expect(binding.condition?.expression
                == #"(request.time >= timestamp("\#(request.window.start.rfc3339)") && request.time < timestamp("\#(request.window.end.rfc3339)"))"#)
        }
        let approvals = notifier.notifications.filter { if case .requestApproved = $0 { true } else { false } }
        #expect(approvals.count == 1, "approving again mails nobody")
        #expect(audit.labels(of: "api.activateRole").first?["user"] == T.bob)
    }

    struct RefusedApproval: Sendable, CustomStringConvertible {
        let description: String
        let approver: String
        var beneficiary = TestApp.alice
        var reviewers = [T.bob]
        var justification = "Ticket 9"
        var issuedSecondsAgo: Int64 = 0
        var minutes = 30
        var expiresInSeconds: Int64 = 1800
        var lostEligibility: (member: String, group: String)?
        let status: HTTPResponse.Status
        let expected: String
    }

    @Test(arguments: [
        RefusedApproval(description: "self-approval", approver: TestApp.alice, reviewers: [TestApp.alice], status: .badRequest, expected: "cannot approve your own request"),
        RefusedApproval(description: "a non-reviewer", approver: T.carol, status: .forbidden, expected: "not a reviewer"),
        RefusedApproval(description: "a stranger", approver: TestApp.dave, status: .forbidden, expected: "not a reviewer"),
        RefusedApproval(
            description: "a requester who lost eligibility", approver: T.bob, lostEligibility: ("user:alice@example.com", "dbas@example.com"),
            status: .forbidden, expected: "alice@example.com is no longer eligible"
        ),
        RefusedApproval(
            description: "a reviewer who lost eligibility", approver: T.bob, lostEligibility: ("user:bob@example.com", "oncall@example.com"),
            status: .forbidden, expected: "no longer eligible to approve"
        ),
        RefusedApproval(description: "an expired token", approver: T.bob, issuedSecondsAgo: 7200, minutes: 180, expiresInSeconds: -3600, status: .badRequest, expected: "expired"),
        RefusedApproval(description: "a window that is over", approver: T.bob, issuedSecondsAgo: 3600, minutes: 10, expiresInSeconds: 600, status: .badRequest, expected: "window ended"),
        RefusedApproval(description: "a justification the rules no longer accept", approver: T.bob, justification: String(repeating: "j", count: 101), status: .badRequest, expected: "at most 100"),
    ])
    func anApprovalBreakingARuleIsRefusedAndWritesNothing(refused: RefusedApproval) async throws {
        let cloud = try TemporaryCloud()
        let tokens = try TestTokens()
        let notifier = RecordingNotifier()
        let app = try TestApp.make(cloud: cloud, tokens: tokens, notifier: notifier)
        let now = SystemWallClock().now
        let token = try await T.token(
            tokens, beneficiary: refused.beneficiary, reviewers: refused.reviewers, justification: refused.justification,
            issuedAt: now.adding(seconds: -refused.issuedSecondsAgo), minutes: refused.minutes, expiresAt: now.adding(seconds: refused.expiresInSeconds)
        )
        if let (member, group) = refused.lostEligibility {
            try T.remove(member, from: group, in: cloud)
        }
        let before = try cloud.bytes
        try await app.test(.router) { client in
            let response = try await client.execute(uri: Self.activationRequest(token), method: .post, headers: TestApp.apiHeaders(refused.approver, json: true))
            #expect(response.status == refused.status)
            #expect(response.message?.contains(refused.expected) == true, "\(response.text)")
        }
        #expect(try cloud.bytes == before)
        #expect(try await cloud.activations(of: refused.beneficiary, on: "prod-db").isEmpty)
        #expect(notifier.notifications.isEmpty)
    }

    @Test func anExpiredRequestIsShownAsExpired() async throws {
        let cloud = try TemporaryCloud()
        let tokens = try TestTokens()
        let app = try TestApp.make(cloud: cloud, tokens: tokens)
        let now = SystemWallClock().now
        let token = try await T.token(tokens, issuedAt: now.adding(seconds: -7200), minutes: 180, expiresAt: now.adding(seconds: -3600))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: Self.activationRequest(token), method: .get, headers: TestApp.apiHeaders(TestApp.alice))
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["requestState"] as? String == "expired")
            #expect(response.json["validUntil"] == nil)
            #expect((response.json["entitlements"] as? [[String: Any]])?.first?["status"] as? String == "EXPIRED")
        }
    }

    @Test func theNewEndpointsNeedTheHeaderAndASignedInUser() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            for (method, path) in [(HTTPRequest.Method.get, "/api/projects/prod-db/peers?id=\(T.admin)"), (.post, T.requestPath), (.get, Self.activationRequest("x")), (.post, Self.activationRequest("x"))] {
                let withoutHeader = try await client.execute(uri: path, method: method, headers: [.debugPrincipal: TestApp.alice, .contentType: "application/json"])
                #expect(withoutHeader.status == .badRequest)
                let anonymous = try await client.execute(uri: path, method: method, headers: TestApp.apiHeaders(nil, json: true), body: T.requestBody([T.bob]))
                #expect(anonymous.status == .unauthorized)
            }
        }
    }
}
