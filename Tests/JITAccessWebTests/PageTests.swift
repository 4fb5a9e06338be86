import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import NIOCore
import Testing
@testable import JITAccessWeb
import JITAccessTestSupport

/// The HTML pages: sign-in, project list, activation form and result, and their defences.
@Suite struct PageTests {
    static let viewer = "prod-db:roles/cloudsql.viewer"
    static let activate = "/projects/prod-db/activate"
    static let alice: HTTPFields = [.debugPrincipal: TestApp.alice]

    /// Alice's CSRF token, from the project page as a browser would see it.
    static func token(_ client: some TestClientProtocol, headers: HTTPFields = alice) async throws -> String {
        let page = try await client.execute(uri: "/projects/prod-db", method: .get, headers: headers)
        return try #require(csrfToken(in: page.text))
    }

    static func activationForm(token: String?, justification: String = "Ticket 17", minutes: String = "30", ids: [String] = [viewer]) -> ByteBuffer {
        TestApp.form(ids.map { ("entitlement", $0) } + [("justification", justification), ("minutes", minutes)] + (token.map { [("csrf", $0)] } ?? []))
    }

    @Test func theProjectListLinksEachProject() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get, headers: Self.alice)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            for project in ["dev-sandbox", "prod-db", "prod-web"] {
                #expect(page.text.contains(#"<a class="project" href="/projects/\#(project)">\#(project)</a>"#))
            }
            #expect(!page.text.contains("shared-logs"))
            #expect(page.text.contains(#"id="signout""#))
            #expect(page.text.contains("alice@example.com"))
        }
    }

    @Test func theProjectPageFollowsTheHTMLContract() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/projects/prod-db", method: .get, headers: Self.alice).text
            #expect(page.contains(#"<form method="post" action="/projects/prod-db/activate""#))
            #expect(page.contains(#"<table id="entitlements">"#))
            #expect(page.contains(#"<tr data-entitlement-id="prod-db:roles/cloudsql.viewer" data-type="JIT" data-status="INACTIVE">"#))
            #expect(page.contains(#"<tr data-entitlement-id="prod-db:roles/cloudsql.admin" data-type="MPA" data-status="INACTIVE">"#))
            #expect(page.contains(#"<input type="checkbox" name="entitlement" value="prod-db:roles/cloudsql.viewer""#))
            #expect(!page.contains(#"value="prod-db:roles/cloudsql.admin""#), "a peer-approval role has no checkbox")
            #expect(page.contains("Self-approval") && page.contains("Peer approval"))
            #expect(page.contains(#"<td class="status">Available</td>"#))
            #expect(page.contains(#"<input type="text" name="justification" id="justification" maxlength="100" required placeholder="Bug or case number""#))
            #expect(page.contains(#"<input type="number" name="minutes" id="minutes" min="1" max="120" value="60""#))
            #expect(page.contains(#"<button type="submit" id="activate">"#))
            #expect(page.contains(#"<a href="/" id="back">"#))
            #expect(csrfToken(in: page)?.count == 64)
        }
    }

    @Test func aResourceConditionIsShownEscapedInCode() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/projects/prod-web", method: .get, headers: Self.alice).text
            #expect(page.contains("<code>resource.name.startsWith(&quot;projects/_/buckets/prod-web-assets&quot;)</code>"))
        }
    }

    @Test func aSameSiteFormPostWithTheRightTokenActivates() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let token = try await Self.token(client)
            var headers = TestApp.formHeaders
            headers[.debugPrincipal] = TestApp.alice
            headers[.origin] = "http://localhost"
            headers[.secFetchSite] = "same-origin"
            let result = try await client.execute(uri: Self.activate, method: .post, headers: headers, body: Self.activationForm(token: token))
            #expect(result.status == .ok, "\(result.text)")
            #expect(result.text.contains(#"<section id="result""#))
            #expect(result.text.contains(#"<li class="activated" data-role="roles/cloudsql.viewer">"#))
            #expect(result.text.contains(#"<time datetime=""#) && result.text.contains(" UTC</time>"))

            let page = try await client.execute(uri: "/projects/prod-db", method: .get, headers: Self.alice).text
            #expect(page.contains(#"data-type="JIT" data-status="ACTIVE""#))
            #expect(page.contains(#"<td class="status">Active until <time datetime=""#))
        }
        #expect(try await cloud.activations(of: TestApp.alice, on: "prod-db").map(\.role) == ["roles/cloudsql.viewer"])
    }

    struct ForgeryCase: Sendable, CustomStringConvertible {
        let description: String
        let token: Token
        let origin: String?
        let fetchSite: String?

        enum Token { case missing, empty, forged, real, bobs }
    }

    /// Every way a forged form post differs from a real one; each must get 403.
    static let forgeries = [
        ForgeryCase(description: "no token", token: .missing, origin: nil, fetchSite: nil),
        ForgeryCase(description: "empty token", token: .empty, origin: "http://localhost", fetchSite: nil),
        ForgeryCase(description: "forged token", token: .forged, origin: nil, fetchSite: nil),
        ForgeryCase(description: "another user's token", token: .bobs, origin: "http://localhost", fetchSite: "same-origin"),
        ForgeryCase(description: "foreign origin", token: .real, origin: "https://evil.example", fetchSite: nil),
        ForgeryCase(description: "same host, other port", token: .real, origin: "http://localhost:8081", fetchSite: nil),
        ForgeryCase(description: "cross-site fetch", token: .real, origin: nil, fetchSite: "cross-site"),
    ]

    @Test(arguments: forgeries)
    func aCrossSiteFormPostGets403AndWritesNothing(forgery: ForgeryCase) async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let token: String? = switch forgery.token {
            case .missing: nil
            case .empty: ""
            case .forged: String(repeating: "ab", count: 32)
            case .real: try await Self.token(client)
            case .bobs: try await Self.token(client, headers: [.debugPrincipal: "bob@example.com"])
            }
            var headers = TestApp.formHeaders
            headers[.debugPrincipal] = TestApp.alice
            if let origin = forgery.origin { headers[.origin] = origin }
            if let site = forgery.fetchSite { headers[.secFetchSite] = site }
            let response = try await client.execute(uri: Self.activate, method: .post, headers: headers, body: Self.activationForm(token: token))
            #expect(response.status == .forbidden)
            #expect(response.text.contains(#"<div class="error" role="alert">"#))
        }
        #expect(try cloud.bytes == before)
    }

    @Test func aHostileJustificationIsEscapedOnTheErrorPage() async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let app = try TestApp.make(cloud: cloud)
        let hostile = #"<script>alert(1)</script>"'"#
        try await app.test(.router) { client in
            let token = try await Self.token(client)
            var headers = TestApp.formHeaders
            headers[.debugPrincipal] = TestApp.alice
            let response = try await client.execute(
                uri: Self.activate, method: .post, headers: headers, body: Self.activationForm(token: token, justification: hostile, minutes: "0")
            )
            #expect(response.status == .badRequest)
            let page = response.text
            #expect(page.contains(#"<div class="error" role="alert">The activation must last between 1 and 120 minutes"#))
            #expect(!page.contains("<script>alert"))
            #expect(page.contains(#"value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;""#), "the field keeps what was typed, escaped")
            #expect(page.contains(#"value="0""#))
            #expect(page.contains(#"value="prod-db:roles/cloudsql.viewer" id="entitlement-1" checked>"#), "the selection is kept")
        }
        #expect(try cloud.bytes == before)
    }

    @Test(arguments: [
        (TestApp.dave, viewer, HTTPResponse.Status.forbidden, "not eligible"),
        (TestApp.alice, "prod-db:roles/cloudsql.admin", .forbidden, "approval by a peer"),
        (TestApp.alice, viewer, .badRequest, "at most 100"),
    ])
    func aRefusedActivationShowsTheFormAgainWithTheErrorAndItsStatus(user: String, entitlement: String, status: HTTPResponse.Status, expected: String) async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let token = try await Self.token(client, headers: [.debugPrincipal: user])
            var headers = TestApp.formHeaders
            headers[.debugPrincipal] = user
            let justification = expected == "at most 100" ? String(repeating: "y", count: 101) : "Ticket 1"
            let response = try await client.execute(
                uri: Self.activate, method: .post, headers: headers, body: Self.activationForm(token: token, justification: justification, ids: [entitlement])
            )
            #expect(response.status == status)
            #expect(response.text.contains(#"<div class="error" role="alert">"#))
            #expect(response.text.contains(expected))
            #expect(response.text.contains(#"<form method="post" action="/projects/prod-db/activate""#))
        }
        #expect(try cloud.bytes == before)
    }

    @Test func pagesSendVisitorsWhoAreNotSignedInToTheSignInPage() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            for (method, path, location) in [
                (HTTPRequest.Method.get, "/", "/signin"), (.get, "/projects/prod-db", "/signin?next=/projects/prod-db"), (.post, Self.activate, "/signin"),
            ] {
                let response = try await client.execute(uri: path, method: method, headers: TestApp.formHeaders, body: Self.activationForm(token: nil))
                #expect(response.status == .found)
                #expect(response.headers[.location] == location)
            }
        }
    }

    @Test func outsideDemoModeThereIsNoSignInPageAndPagesAnswer401() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, identity: .verified(HeaderIdentityProvider()))
        try await app.test(.router) { client in
            let home = try await client.execute(uri: "/", method: .get, headers: Self.alice)
            #expect(home.status == .unauthorized)
            #expect(home.text.contains("not signed in"))
            #expect(try await client.execute(uri: "/signin", method: .get).status == .notFound)
            let verified = try await client.execute(uri: "/", method: .get, headers: [.testUser: TestApp.alice])
            #expect(verified.status == .ok)
            #expect(!verified.text.contains("Demo mode"))
        }
    }

    @Test func signingInSetsAnHttpOnlySessionCookieAndSigningOutClearsIt() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/signin", method: .get)
            #expect(page.status == .ok)
            for user in ["alice", "bob", "carol", "dave"] {
                #expect(page.text.contains(#"<button type="submit" name="email" value="\#(user)@example.com""#))
            }
            #expect(page.text.contains(#"<form method="post" action="/signin">"#))
            #expect(page.text.contains(#"name="email" value="""#))
            let nonce = try #require(cookie(named: "jitaccess_signin_nonce", in: page))
            let token = try #require(csrfToken(in: page.text))

            var headers = TestApp.formHeaders
            headers[.cookie] = nonce
            let signedIn = try await client.execute(uri: "/signin", method: .post, headers: headers, body: TestApp.form([("email", "Alice@Example.com"), ("csrf", token)]))
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/")
            let setCookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("jitaccess_demo_user=") })
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
            let session = try #require(cookie(named: "jitaccess_demo_user", in: signedIn))

            let home = try await client.execute(uri: "/", method: .get, headers: [.cookie: session])
            #expect(home.status == .ok)
            #expect(home.text.contains("<strong>alice@example.com</strong>"))
            let signOutToken = try #require(csrfToken(in: home.text))

            var signOutHeaders = TestApp.formHeaders
            signOutHeaders[.cookie] = session
            let refused = try await client.execute(uri: "/signout", method: .post, headers: signOutHeaders, body: TestApp.form([("csrf", "")]))
            #expect(refused.status == .forbidden)
            let signedOut = try await client.execute(uri: "/signout", method: .post, headers: signOutHeaders, body: TestApp.form([("csrf", signOutToken)]))
            #expect(signedOut.status == .seeOther)
            #expect(signedOut.headers[values: .setCookie].contains { $0.hasPrefix("jitaccess_demo_user=;") && $0.contains("Max-Age=0") })
        }
    }

    @Test func anEditedSessionCookieSignsNobodyIn() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let signature = String(repeating: "0", count: 64)
            let forged = "jitaccess_demo_user=" + Hex.encode(Array("alice@example.com".utf8)) + "." + signature
            let response = try await client.execute(uri: "/", method: .get, headers: [.cookie: forged])
            #expect(response.status == .found)
        }
    }

    @Test func aSignedSessionCookieHasOneSpellingOnly() async throws {
        let cloud = try TemporaryCloud()
        let key = SigningKey.random()
        let app = try TestApp.make(cloud: cloud, signingKey: key)
        let genuine = DemoSessions(key: key).cookie(for: try #require(UserId("alice@example.com"))).value
        let parts = genuine.split(separator: ".").map(String.init)
        try await app.test(.router) { client in
            let home = try await client.execute(uri: "/", method: .get, headers: [.cookie: "jitaccess_demo_user=" + genuine])
            #expect(home.status == .ok)
            // Found by fuzzing: an empty part between the two was skipped, so this signed alice in.
            for spelling in [parts[0] + ".." + parts[1], "." + genuine, genuine + "."] {
                let response = try await client.execute(uri: "/", method: .get, headers: [.cookie: "jitaccess_demo_user=" + spelling])
                #expect(response.status == .found, "\(spelling)")
            }
        }
    }

    @Test(arguments: [
        ("no nonce cookie", false, true, nil as String?),
        ("no token", true, false, nil),
        ("foreign origin", true, true, "https://evil.example"),
    ])
    func aForgedSignInGets403(_ name: String, withNonce: Bool, withToken: Bool, origin: String?) async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/signin", method: .get)
            var headers = TestApp.formHeaders
            if withNonce, let nonce = cookie(named: "jitaccess_signin_nonce", in: page) { headers[.cookie] = nonce }
            if let origin { headers[.origin] = origin }
            let fields = [("email", "mallory@example.com")] + (withToken ? [("csrf", csrfToken(in: page.text) ?? "")] : [])
            let response = try await client.execute(uri: "/signin", method: .post, headers: headers, body: TestApp.form(fields))
            #expect(response.status == .forbidden)
            #expect(cookie(named: "jitaccess_demo_user", in: response) == nil)
        }
    }

    @Test func aBadEmailOnTheSignInFormIsRefusedAndEscaped() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/signin", method: .get)
            let nonce: String = try #require(cookie(named: "jitaccess_signin_nonce", in: page))
            var headers = TestApp.formHeaders
            headers[.cookie] = nonce
            let hostile = "<script>alert(1)</script>'@example.com"
            let response = try await client.execute(
                uri: "/signin", method: .post, headers: headers, body: TestApp.form([("email", hostile), ("csrf", csrfToken(in: page.text) ?? "")])
            )
            #expect(response.status == .badRequest)
            #expect(!response.text.contains("<script>alert"))
            #expect(response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&#39;@example.com"))
        }
    }
}
