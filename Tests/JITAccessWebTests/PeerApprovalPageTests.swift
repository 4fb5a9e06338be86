import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import NIOCore
import Testing
@testable import JITAccessWeb
import JITAccessTestSupport

/// The peer-approval pages: the request form and its result, the page behind the e-mailed
/// link, approving there, and their defences.
@Suite struct PeerApprovalPageTests {
    typealias T = PeerApprovalTest
    static let requestForm = "/projects/prod-db/request?entitlement=\(T.admin)"

    static func signedIn(_ user: String) -> HTTPFields {
        [.debugPrincipal: user]
    }

    static func formHeaders(_ user: String) -> HTTPFields {
        var headers = TestApp.formHeaders
        headers[.debugPrincipal] = user
        return headers
    }

    /// `user`'s CSRF token, from a page as a browser would see it.
    static func csrf(_ client: some TestClientProtocol, _ user: String) async throws -> String {
        try #require(csrfToken(in: try await client.execute(uri: "/", method: .get, headers: signedIn(user)).text))
    }

    static func requestFields(csrf: String?, reviewers: [String], justification: String = "Ticket 9", minutes: String = "30") -> ByteBuffer {
        TestApp.form([("entitlement", T.admin)] + reviewers.map { ("reviewer", $0) } + [("justification", justification), ("minutes", minutes)]
            + (csrf.map { [("csrf", $0)] } ?? []))
    }

    /// Alice requests the admin role from `reviewers` through the form; returns the result page.
    static func request(_ client: some TestClientProtocol, reviewers: [String] = [T.bob], justification: String = "Ticket 9") async throws -> TestResponse {
        let token = try await csrf(client, TestApp.alice)
        return try await client.execute(
            uri: "/projects/prod-db/request", method: .post, headers: formHeaders(TestApp.alice),
            body: requestFields(csrf: token, reviewers: reviewers, justification: justification)
        )
    }

    /// The approval link's token from a result page.
    static func statusToken(in page: String) -> String? {
        page.firstMatch(of: /<a id="status-link" href="http:\/\/jit\.test\/\?activation=([^"]+)">/).map { String($0.1) }
    }

    @Test func theProjectPageLinksEachPeerApprovalRoleToItsRequestForm() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/projects/prod-db", method: .get, headers: Self.signedIn(TestApp.alice)).text
            #expect(page.contains(#"<a class="request" href="/projects/prod-db/request?entitlement=prod-db:roles/cloudsql.admin">Request…</a>"#))
            #expect(!page.contains("later version"))
            #expect(!page.contains(#"href="/projects/prod-db/request?entitlement=prod-db:roles/cloudsql.viewer""#), "self-approval roles have no request link")
        }
    }

    @Test func theRequestFormOffersTheQualifiedPeers() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, rules: ActivationRules(minReviewers: 1, maxReviewers: 2))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: Self.requestForm, method: .get, headers: Self.signedIn(TestApp.alice))
            #expect(response.status == .ok)
            let page = response.text
            #expect(page.contains(#"<form method="post" action="/projects/prod-db/request""#))
            #expect(page.contains(#"<input type="hidden" name="entitlement" value="prod-db:roles/cloudsql.admin">"#))
            #expect(page.contains(#"<input type="checkbox" name="reviewer" value="bob@example.com" id="reviewer-0">"#))
            #expect(page.contains(#"<input type="checkbox" name="reviewer" value="carol@example.com" id="reviewer-1">"#))
            #expect(!page.contains(#"value="alice@example.com""#), "the requester is no peer")
            #expect(page.contains("Choose 1 to 2 reviewers among the colleagues"))
            #expect(page.contains(#"id="justification""#) && page.contains(#"id="minutes""#))
            #expect(page.contains(#"<button type="submit" id="request">"#))
            #expect(csrfToken(in: page)?.count == 64)
        }
    }

    @Test func withTooFewPeersTheFormSaysWhyItCannotBeSent() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, rules: ActivationRules(minReviewers: 3))
        try await app.test(.router) { client in
            let page = try await client.execute(uri: Self.requestForm, method: .get, headers: Self.signedIn(TestApp.alice)).text
            #expect(page.contains("This role needs 3 reviewers, but only 2 colleagues may approve it"))
            #expect(!page.contains(#"id="request""#))
        }
    }

    @Test(arguments: [
        (TestApp.dave, requestForm, HTTPResponse.Status.forbidden),
        (TestApp.alice, "/projects/prod-db/request?entitlement=prod-db:roles/cloudsql.viewer", .forbidden),
        (TestApp.alice, "/projects/prod-db/request", .badRequest),
        (TestApp.alice, "/projects/prod-db/request?entitlement=dev-sandbox:roles/owner", .badRequest),
    ])
    func theRequestFormIsRefusedWithAnErrorPage(user: String, path: String, status: HTTPResponse.Status) async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: path, method: .get, headers: Self.signedIn(user))
            #expect(response.status == status)
            #expect(response.text.contains(#"<div class="error" role="alert">"#))
        }
    }

    @Test func requestingShowsTheStateAndTheStatusLink() async throws {
        let cloud = try TemporaryCloud()
        let notifier = RecordingNotifier()
        let app = try TestApp.make(cloud: cloud, notifier: notifier)
        try await app.test(.router) { client in
            let response = try await Self.request(client)
            #expect(response.status == .ok, "\(response.text)")
            let page = response.text
            #expect(page.contains(#"<section id="request-result""#))
            #expect(page.contains(#"data-state="pending">Waiting for approval, valid until <time datetime=""#))
            #expect(page.contains(#"<dd class="role mono">roles/cloudsql.admin</dd>"#))
            #expect(page.contains("<li>bob@example.com</li>"))
            #expect(!page.contains(#"role="alert""#))
            let token = try #require(Self.statusToken(in: page))
            #expect(T.token(in: notifier.notifications.first) == token)
        }
    }

    @Test func whenTheMailFailsTheResultPageExplainsAndOffersTheLink() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, notifier: RecordingNotifier(failure: .backend("mail.example.com did not answer")))
        try await app.test(.router) { client in
            let page = try await Self.request(client).text
            #expect(page.contains(#"<div class="error" role="alert">"#))
            #expect(page.contains("could not be sent (mail.example.com did not answer)"))
            let token = try #require(Self.statusToken(in: page))
            #expect(page.contains(#"<input type="text" id="approval-link" readonly value="http://jit.test/?activation=\#(token)">"#))
        }
    }

    @Test func aRefusedRequestShowsTheFormAgainAsFilledIn() async throws {
        let cloud = try TemporaryCloud()
        let notifier = RecordingNotifier()
        let app = try TestApp.make(cloud: cloud, rules: ActivationRules(minReviewers: 2), notifier: notifier)
        let hostile = #"<script>alert(1)</script>"#
        try await app.test(.router) { client in
            let response = try await Self.request(client, reviewers: [T.carol], justification: hostile)
            #expect(response.status == .badRequest)
            let page = response.text
            #expect(page.contains(#"<div class="error" role="alert">Choose 2 to 10 reviewers; 1 were chosen.</div>"#))
            #expect(page.contains(#"value="carol@example.com" id="reviewer-1" checked>"#))
            #expect(page.contains(#"value="&lt;script&gt;alert(1)&lt;/script&gt;""#))
            #expect(!page.contains("<script>alert"))
        }
        #expect(notifier.notifications.isEmpty)
    }

    @Test func theLinkShowsTheRequestToEachParticipantAsTheyMayActOnIt() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        let hostile = #"<img src=x onerror=alert(1)>"#
        try await app.test(.router) { client in
            let token = try #require(Self.statusToken(in: try await Self.request(client, justification: hostile).text))

            let reviewer = try await client.execute(uri: "/?activation=\(token)", method: .get, headers: Self.signedIn(T.bob))
            #expect(reviewer.status == .ok, "\(reviewer.text)")
            let page = reviewer.text
            #expect(page.contains(#"<section id="activation-request""#))
            #expect(page.contains(#"<dd class="requester">alice@example.com</dd>"#))
            #expect(page.contains(#"<dd class="project mono">prod-db</dd>"#))
            #expect(page.contains(#"<dd class="justification">&lt;img src=x onerror=alert(1)&gt;</dd>"#))
            #expect(!page.contains("<img src=x"))
            #expect(page.contains(#"<dd class="window"><time datetime=""#) && page.contains(" UTC</time> to <time datetime="))
            #expect(page.contains(#"data-state="pending">Waiting for approval"#))
            #expect(page.contains(#"<form method="post" action="/activation-request/approve" class="approve">"#))
            #expect(page.contains(#"<input type="hidden" name="activation" value=""#))
            #expect(page.contains(#"<button type="submit" id="approve">Approve</button>"#))
            #expect(csrfToken(in: page) == (try await Self.csrf(client, T.bob)))

            let requester = try await client.execute(uri: "/?activation=\(token)", method: .get, headers: Self.signedIn(TestApp.alice))
            #expect(requester.status == .ok)
            #expect(requester.text.contains(#"data-state="pending""#))
            #expect(!requester.text.contains(#"id="approve""#), "the requester cannot approve")
            #expect(requester.text.contains("You asked for this access"))

            let stranger = try await client.execute(uri: "/?activation=\(token)", method: .get, headers: Self.signedIn(TestApp.dave))
            #expect(stranger.status == .forbidden)
            #expect(stranger.text.contains(#"<div class="error" role="alert">Only the requester and the reviewers"#))
            #expect(!stranger.text.contains("activation-request"))
            let switchUser = #"<a href="/signin?next=/%3Factivation%3D\#(token)" id="switch-user">"#
            #expect(stranger.text.contains(switchUser), "in demo mode a refused user may come back as somebody else")
            #expect(requester.text.contains(switchUser))
        }
    }

    @Test func outsideDemoModeNobodyIsOfferedToSwitchUsers() async throws {
        let cloud = try TemporaryCloud()
        let tokens = try TestTokens()
        let app = try TestApp.make(cloud: cloud, identity: .verified(HeaderIdentityProvider()), tokens: tokens)
        let token = try await T.token(tokens)
        try await app.test(.router) { client in
            let reviewer = try await client.execute(uri: "/?activation=\(token)", method: .get, headers: [.testUser: T.bob])
            #expect(reviewer.status == .ok)
            #expect(!reviewer.text.contains("switch-user"))
            let stranger = try await client.execute(uri: "/?activation=\(token)", method: .get, headers: [.testUser: TestApp.dave])
            #expect(stranger.status == .forbidden)
            #expect(!stranger.text.contains("switch-user"))
        }
    }

    @Test(arguments: ["garbage", "eyJhbGciOiJub25lIn0.e30.", ""])
    func aBadTokenGetsA400Page(token: String) async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/?activation=\(token)", method: .get, headers: Self.signedIn(T.bob))
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.text.contains(#"<div class="error" role="alert">"#))
        }
    }

    @Test func aReviewerApprovesOnThePageAndSeesItApproved() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let token = try #require(Self.statusToken(in: try await Self.request(client).text))
            let page = try await client.execute(uri: "/?activation=\(token)", method: .get, headers: Self.signedIn(T.bob)).text
            let activation = try #require(page.firstMatch(of: /name="activation" value="([^"]+)"/).map { String($0.1) })
            let csrf = try #require(csrfToken(in: page))

            var headers = Self.formHeaders(T.bob)
            headers[.origin] = "http://localhost"
            headers[.secFetchSite] = "same-origin"
            let approved = try await client.execute(
                uri: "/activation-request/approve", method: .post, headers: headers, body: TestApp.form([("activation", activation), ("csrf", csrf)])
            )
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved.text.contains(#"role="status">You approved this request."#))
            #expect(approved.text.contains(#"data-state="approved">Approved by bob@example.com, active until <time datetime=""#))
            #expect(!approved.text.contains(#"id="approve""#))

            let requester = try await client.execute(uri: "/?activation=\(token)", method: .get, headers: Self.signedIn(TestApp.alice))
            #expect(requester.text.contains(#"data-state="approved">Approved by bob@example.com, active until"#))
            let project = try await client.execute(uri: "/projects/prod-db", method: .get, headers: Self.signedIn(TestApp.alice)).text
            #expect(project.contains(#"<tr data-entitlement-id="prod-db:roles/cloudsql.admin" data-type="MPA" data-status="ACTIVE">"#))
        }
        let bindings = try await cloud.activations(of: TestApp.alice, on: "prod-db")
        let description = try #require(bindings.first?.condition?.description)
        #expect(bindings.count == 1)
        #expect(description.hasPrefix("Approved by bob@example.com, request mpa-") && description.hasSuffix(", justification: Ticket 9"))
    }

    @Test func aRefusedApprovalShowsTheRequestWithTheReason() async throws {
        let cloud = try TemporaryCloud()
        let tokens = try TestTokens()
        let app = try TestApp.make(cloud: cloud, tokens: tokens)
        let token = try await T.token(tokens, reviewers: [T.bob, T.carol])
        try T.remove("user:bob@example.com", from: "oncall@example.com", in: cloud)
        let before = try cloud.bytes
        try await app.test(.router) { client in
            let csrf = try await Self.csrf(client, T.bob)
            let response = try await client.execute(
                uri: "/activation-request/approve", method: .post, headers: Self.formHeaders(T.bob), body: TestApp.form([("activation", token), ("csrf", csrf)])
            )
            #expect(response.status == .forbidden)
            #expect(response.text.contains(#"<section id="activation-request""#))
            #expect(response.text.contains(#"<div class="error" role="alert">You are no longer eligible to approve"#))
        }
        #expect(try cloud.bytes == before)
    }

    @Test(arguments: PageTests.forgeries)
    func aCrossSiteApprovalGets403AndWritesNothing(forgery: PageTests.ForgeryCase) async throws {
        let cloud = try TemporaryCloud()
        let tokens = try TestTokens()
        let app = try TestApp.make(cloud: cloud, tokens: tokens)
        let activation = try await T.token(tokens)
        let before = try cloud.bytes
        try await app.test(.router) { client in
            let csrf: String? = switch forgery.token {
            case .missing: nil
            case .empty: ""
            case .forged: String(repeating: "ab", count: 32)
            case .real: try await Self.csrf(client, T.bob)
            case .bobs: try await Self.csrf(client, T.carol)
            }
            var headers = Self.formHeaders(T.bob)
            if let origin = forgery.origin { headers[.origin] = origin }
            if let site = forgery.fetchSite { headers[.secFetchSite] = site }
            let response = try await client.execute(
                uri: "/activation-request/approve", method: .post, headers: headers,
                body: TestApp.form([("activation", activation)] + (csrf.map { [("csrf", $0)] } ?? []))
            )
            #expect(response.status == .forbidden)
        }
        #expect(try cloud.bytes == before)
    }

    @Test func aVisitorWhoIsNotSignedInIsSentToSignInAndBack() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let token = try #require(Self.statusToken(in: try await Self.request(client).text))
            let visit = try await client.execute(uri: "/?activation=\(token)", method: .get)
            #expect(visit.status == .found)
            let location = try #require(visit.headers[.location])
            #expect(location == "/signin?next=/%3Factivation%3D\(token)")

            let signInPage = try await client.execute(uri: location, method: .get)
            #expect(signInPage.text.contains(#"<input type="hidden" name="next" value="/?activation=\#(token)">"#))
            let nonce = try #require(cookie(named: "jitaccess_signin_nonce", in: signInPage))
            var headers = TestApp.formHeaders
            headers[.cookie] = nonce
            let signedIn = try await client.execute(
                uri: "/signin", method: .post, headers: headers,
                body: TestApp.form([("email", T.bob), ("csrf", csrfToken(in: signInPage.text) ?? ""), ("next", "/?activation=\(token)")])
            )
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/?activation=\(token)")
            let session = try #require(cookie(named: "jitaccess_demo_user", in: signedIn))
            let page = try await client.execute(uri: "/?activation=\(token)", method: .get, headers: [.cookie: session])
            #expect(page.text.contains(#"id="approve""#))
        }
    }

    @Test(arguments: [
        "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example", "http:evil.example",
        "javascript:alert(1)", "evil.example", "/\t/evil.example", "/\n/evil.example", "/ok\\..\\evil", "",
    ])
    func aReturnPathThatLeavesTheSiteIsIgnored(next: String) async throws {
        #expect(ReturnPath.validated(next) == nil)
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let signInPage = try await client.execute(uri: "/signin?next=\(encoded)", method: .get)
            #expect(!signInPage.text.contains(#"name="next""#))
            let nonce: String = try #require(cookie(named: "jitaccess_signin_nonce", in: signInPage))
            var headers = TestApp.formHeaders
            headers[.cookie] = nonce
            let signedIn = try await client.execute(
                uri: "/signin", method: .post, headers: headers,
                body: TestApp.form([("email", T.bob), ("csrf", csrfToken(in: signInPage.text) ?? ""), ("next", next)])
            )
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/")
        }
    }

    @Test(arguments: ["/", "/projects/prod-db", "/?activation=abc~def", "/demo/outbox/1%2F2?x=%20y"])
    func aLocalReturnPathIsKept(path: String) {
        #expect(ReturnPath.validated(path) == path)
    }
}
