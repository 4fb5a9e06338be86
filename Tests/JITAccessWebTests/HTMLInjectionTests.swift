import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import JITAccessCore
import JITAccessMail
import Testing
@testable import JITAccessWeb
import JITAccessTestSupport

/// Every value that reaches a page goes through one escaper that works on bytes, so that text
/// hiding `< > & " '` inside a grapheme (a prepended U+0600, a combining U+0301, a ZWJ
/// sequence) is escaped like any other.
@Suite struct HTMLInjectionTests {
    static let prepended: Set<Unicode.Scalar> = ["\u{600}", "\u{601}", "\u{602}", "\u{603}", "\u{604}", "\u{605}", "\u{6DD}", "\u{70F}", "\u{8E2}", "\u{110BD}", "\u{200D}"]
    static let combining: Set<Unicode.Scalar> = ["\u{301}", "\u{20D2}", "\u{FE0F}", "\u{200D}"]

    /// Every prepended mark before each of `< > & " '`, every combining mark after each, and a
    /// ZWJ sequence around each, with the tags `<b>` and `<i ...>` for good measure. Addresses
    /// and project ids cannot hold any of it: they are refused when read.
    static let payload: String = {
        var text = "\u{600}<b>x</b><i \u{8E2}>"
        for special in ["<", ">", "&", "\"", "'"] {
            for mark in ["\u{600}", "\u{601}", "\u{602}", "\u{603}", "\u{604}", "\u{605}", "\u{6DD}", "\u{70F}", "\u{8E2}", "\u{110BD}"] {
                text += mark + special + "b "
            }
            for mark in ["\u{301}", "\u{20D2}", "\u{FE0F}"] {
                text += "a" + special + mark + " "
            }
            text += "\u{1F469}\u{200D}" + special + "\u{200D}\u{1F4BB} "
        }
        return text + "."
    }()

    /// What a hiding scalar must never stand next to; `&` only counts before a combining mark,
    /// since every escape starts with it.
    static let specials: Set<Unicode.Scalar> = ["<", ">", "\"", "'"]

    /// Fails when `html` holds the payload's special characters raw: next to one of its
    /// hiding scalars, or as its tags; and when the payload is not in it at all (escaped).
    static func expectEscaped(_ html: String, _ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let scalars = Array(html.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if prepended.contains(scalar), index + 1 < scalars.count, specials.contains(scalars[index + 1]) {
                Issue.record("\(page): a raw \(scalars[index + 1]) after U+\(String(scalar.value, radix: 16))", sourceLocation: sourceLocation)
            }
            if combining.contains(scalar), index > 0, specials.contains(scalars[index - 1]) || scalars[index - 1] == "&" {
                Issue.record("\(page): a raw \(scalars[index - 1]) before U+\(String(scalar.value, radix: 16))", sourceLocation: sourceLocation)
            }
        }
        #expect(!html.contains("<b>") && !html.contains("</b>") && !html.contains("<i "), "\(page): the payload's tags are raw", sourceLocation: sourceLocation)
        #expect(html.contains(HTMLEscaping.escape(payload)), "\(page): the payload is not shown", sourceLocation: sourceLocation)
    }

    @Test func everyTemplatePrintsWithTripleBracesOnly() throws {
        let templates = [
            Templates.head, Templates.foot, Templates.signIn, Templates.projects, Templates.project, Templates.reason, Templates.result, Templates.error,
            Templates.requestFacts, Templates.requestState, Templates.requestForm, Templates.requestResult, Templates.activationRequest,
            Templates.outbox, Templates.outboxMessage,
        ]
        for template in templates {
            // `{{name}}` would be escaped by the library, by grapheme; sections, partials and
            // comments print nothing themselves.
            let withoutTriples = template.replacing(/\{\{\{[^}]*\}\}\}/, with: "")
            let escapedByLibrary = withoutTriples.matches(of: /\{\{(?![#^\/>!])[^}]*\}\}/).map { String($0.output) }
            #expect(escapedByLibrary.isEmpty, "\(escapedByLibrary)")
        }
    }

    @Test func everyPageEscapesEveryValue() throws {
        let pages = try PageRenderer(isDemo: true, applicationVersion: Self.payload, showsOutbox: true)
        let rules = try ActivationRules(justificationHint: Self.payload)
        let user = PageRenderer.SignedIn(email: Self.payload, csrf: Self.payload)
        let project = ProjectId("prod-db")!
        let condition = try #require(ResourceCondition("s == '''\(Self.payload)'''"))
        let id = EntitlementId(project: project, role: Self.payload, resourceCondition: condition)
        let window = ActivationWindow(start: Timestamp(secondsSinceEpoch: 1_700_000_000), minutes: 30)
        let request = ActivationRequest(
            id: Self.payload, beneficiary: UserId("alice@example.com")!, reviewers: [UserId("bob@example.com")!], entitlement: id,
            justification: Self.payload, window: window, expiresAt: window.end
        )
        let entitlement = Entitlement(id: id, activationType: .mpa, status: .active, validUntil: window.end)
        let message = OutboxMessage(
            id: "m1", date: window.start, from: Self.payload, to: [Self.payload], cc: [Self.payload], subject: Self.payload,
            textBody: Self.payload, htmlBody: Self.payload, links: [Self.payload, "http://jit.test/?activation=" + Self.payload]
        )
        let rendered: [(String, HTMLPage)] = [
            ("sign-in", pages.signIn(csrf: Self.payload, next: Self.payload, email: Self.payload, error: Self.payload)),
            ("project", pages.project(
                project, listing: EntitlementListing(entitlements: [entitlement], warnings: [Self.payload]),
                form: .init(selected: [id.description], justification: Self.payload, minutes: Self.payload), rules: rules, user: user, error: Self.payload
            )),
            ("result", pages.result(Activation(id: Self.payload, beneficiary: UserId("alice@example.com")!, entitlements: [id], justification: Self.payload, window: window), project: project, user: user)),
            ("error", pages.error(HTTPFailure(status: .forbidden, message: Self.payload), user: user, returnPath: "/x")),
            ("request form", pages.requestForm(id, peers: [], form: .init(justification: Self.payload, minutes: Self.payload), rules: rules, user: user, error: Self.payload)),
            ("request sent", pages.requestResult(
                SubmittedRequest(request: request, token: Self.payload, approvalLink: Self.payload, notificationError: Self.payload),
                statusLink: Self.payload, now: window.start, user: user
            )),
            ("approval page", pages.activationRequest(
                RequestView(request: request, state: .approved(approver: nil, until: window.end), viewerIsBeneficiary: false, viewerIsReviewer: true, notificationError: Self.payload),
                condition: condition, token: Self.payload, outcome: .refused(Self.payload), now: window.start, user: user
            )),
            ("outbox", pages.outbox([message], user: user)),
            ("outbox message", pages.outboxMessage(message, ownOrigin: "http://jit.test", user: user)),
        ]
        for (name, page) in rendered {
            Self.expectEscaped(page.html, name)
        }
    }

    /// The reflected case found from outside: an entitlement id in the query string, echoed in
    /// the error page.
    @Test func aQueryValueEchoedInAnErrorIsEscaped() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let page = try await client.execute(
                uri: "/projects/prod-db/request?entitlement=%D8%80%3Cb%3Ex", method: .get, headers: [.debugPrincipal: TestApp.alice]
            )
            #expect(page.status == .badRequest)
            #expect(!page.text.contains("\u{600}<b"))
            #expect(page.text.contains("\u{600}&lt;b&gt;x"))
        }
    }

    /// The stored case: a justification that a signed token carries (a token issued before the
    /// justification rules refused such text, or by another signer of the same key) is shown
    /// escaped on the approval page.
    @Test func aJustificationInATokenIsShownEscaped() async throws {
        let cloud = try TemporaryCloud()
        let tokens = try TestTokens()
        let app = try TestApp.make(cloud: cloud, tokens: tokens)
        let justification = "INC-7 \u{600}<meta http-equiv=refresh content=0;url=https://evil.example/ \u{600}>"
        let token = try await PeerApprovalTest.token(tokens, justification: justification)
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/?activation=" + token, method: .get, headers: [.debugPrincipal: PeerApprovalTest.bob])
            #expect(page.status == .ok)
            #expect(!page.text.contains("<meta http-equiv=refresh"))
            #expect(page.text.contains("\u{600}&lt;meta http-equiv=refresh content=0;url=https://evil.example/ \u{600}&gt;"))
        }
    }

    @Test func aJustificationWithAPrependedMarkIsRefusedByPosition() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: PeerApprovalTest.requestPath, method: .post, headers: TestApp.apiHeaders(json: true),
                body: PeerApprovalTest.requestBody([PeerApprovalTest.bob], justification: "INC-7 \u{600}<meta http-equiv=refresh content=0;url=https://evil.example/ \u{600}>")
            )
            #expect(response.status == .badRequest)
            #expect(response.message?.contains("U+0600 ARABIC NUMBER SIGN, an invisible formatting character, at position 7") == true)
        }
    }
}
