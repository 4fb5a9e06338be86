import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessRuntime
import JITAccessMail
import JITAccessTokens
import NIOCore
import Testing
@testable import JITAccessWeb
import JITAccessTestSupport

/// The demo outbox pages, with the real outbox notifier, and the public keys at
/// `/.well-known/jwks.json`.
@Suite struct OutboxAndKeysTests {
    typealias T = PeerApprovalTest

    /// The application with mail kept in an outbox in the cloud fixture's folder.
    static func make(_ cloud: TemporaryCloud, identity: IdentityMode = .demo, tokens: TestTokens? = nil) throws -> (some ApplicationProtocol, Outbox) {
        let outbox = Outbox(directory: cloud.folder.path + "/outbox")
        let mail = try MailConfiguration(environment: ConfigurationSource([:]))
        let notifier = MailNotifier(transport: outbox, mail: ActivationMail(configuration: mail), clock: SystemWallClock())
        return (try TestApp.make(cloud: cloud, identity: identity, tokens: tokens, notifier: notifier, outbox: outbox), outbox)
    }

    @Test func aRequestLandsInTheOutboxWithItsLinkAndTheOutboxShowsIt() async throws {
        let cloud = try TemporaryCloud()
        let (app, outbox) = try Self.make(cloud)
        try await app.test(.router) { client in
            let request = try await client.execute(
                uri: T.requestPath, method: .post, headers: TestApp.apiHeaders(json: true), body: T.requestBody([T.bob], justification: "Ticket <9>")
            )
            #expect(request.status == .ok, "\(request.text)")
            let message = try #require(try outbox.messages().first)
            #expect(message.to == [T.bob] && message.cc == [TestApp.alice])
            let link = try #require(message.links.first)
            #expect(link.hasPrefix("\(TestApp.baseURL)/?activation="))

            let list = try await client.execute(uri: "/demo/outbox", method: .get)
            #expect(list.status == .ok)
            #expect(list.text.contains(#"<li class="message"><a href="/demo/outbox/\#(message.id)" class="subject">"#))
            #expect(list.text.contains("<span class=\"to\">To: bob@example.com</span><span class=\"cc\">Cc: alice@example.com</span>"))
            #expect(list.text.contains(#"<a class="outbox-link" href="/demo/outbox">"#))

            let page = try await client.execute(uri: "/demo/outbox/\(message.id)", method: .get, headers: [.debugPrincipal: T.bob])
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<a class="mail-link" href="\#(link)">"#))
            #expect(page.text.components(separatedBy: #"class="mail-link""#).count == 2, "the same link is listed once")
            #expect(page.text.contains(#"<pre class="mail-body">"#) && page.text.contains("Ticket &lt;9&gt;"))
            #expect(!page.text.contains("Ticket <9>"))
            #expect(!page.text.contains("<iframe"), "the page's CSP forbids frames, so the HTML part is shown as source")
            #expect(page.text.contains("Signed in as <strong>bob@example.com</strong>"))

            let token = String(link.dropFirst("\(TestApp.baseURL)/?activation=".count))
            let approved = try await client.execute(uri: "/api/activation-request?activation=\(token)", method: .post, headers: TestApp.apiHeaders(T.bob, json: true))
            #expect(approved.status == .ok)
            let confirmation = try #require(try outbox.messages().first)
            #expect(confirmation.to == [TestApp.alice])
            #expect(confirmation.id != message.id)
        }
    }

    @Test(arguments: [
        ("http://jit.test/?activation=abc", true),
        ("HTTP://JIT.TEST:80/x", true),
        ("https://jit.test/?activation=abc", false),
        ("http://jit.test:8080/", false),
        ("http://jit.test@evil.example/", false),
        ("http://evil.example/?http://jit.test", false),
        ("javascript:alert(1)//http://jit.test", false),
        ("//jit.test/", false),
    ])
    func onlyLinksToThisServiceAreClickable(url: String, clickable: Bool) throws {
        let message = OutboxMessage(
            id: "20250101T000000.000000000Z-00000000", date: Timestamp(secondsSinceEpoch: 0), from: "JIT Access <a@b.c>", to: [T.bob], cc: [],
            subject: "s", textBody: url, htmlBody: "", links: [url]
        )
        let page = try PageRenderer(isDemo: true, applicationVersion: "t", showsOutbox: true)
            .outboxMessage(message, ownOrigin: OutboxController.origin(of: TestApp.baseURL), user: nil).html
        #expect(page.contains(#"class="mail-link""#) == clickable, "\(url)")
    }

    @Test(arguments: ["no-such-message", "..%2Fcloud", "20250101T000000.000000000Z-00000000"])
    func anUnknownMessageIs404(id: String) async throws {
        let cloud = try TemporaryCloud()
        let (app, _) = try Self.make(cloud)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/demo/outbox/\(id)", method: .get)
            #expect(response.status == .notFound)
        }
    }

    @Test func withoutAnOutboxOrOutsideDemoModeThereIsNone() async throws {
        let cloud = try TemporaryCloud()
        let plain = try TestApp.make(cloud: cloud)
        try await plain.test(.router) { client in
            let outbox = try await client.execute(uri: "/demo/outbox", method: .get)
            #expect(outbox.status == .notFound)
            let signIn = try await client.execute(uri: "/signin", method: .get)
            #expect(!signIn.text.contains("outbox-link"))
        }
        let (verified, _) = try Self.make(cloud, identity: .verified(HeaderIdentityProvider()))
        try await verified.test(.router) { client in
            let outbox = try await client.execute(uri: "/demo/outbox", method: .get)
            #expect(outbox.status == .notFound)
        }
    }

    @Test func thePublicKeysAreServedAsAJWKSThatVerifiesTheTokens() async throws {
        let cloud = try TemporaryCloud()
        let tokens = try TestTokens()
        let (app, _) = try Self.make(cloud, tokens: tokens)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/.well-known/jwks.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let keys = try #require(response.json["keys"] as? [[String: Any]])
            #expect(keys.count == 1)
            #expect(keys.first?["kty"] as? String == "EC" && keys.first?["kid"] is String)
            #expect(keys.first?["d"] == nil, "no private part")

            let published = try JWKSet(jwksJSON: Array(response.body.readableBytesView))
            let verifier = JWTVerifier(keys: published, issuer: tokens.issuer, audience: tokens.issuer, clock: SystemWallClock())
            let token = try await T.token(tokens)
            #expect(try await verifier.verify(token, acceptingExpired: false).beneficiary == TestApp.alice)
        }
    }
}
