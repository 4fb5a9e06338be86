import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessRuntime
import JITAccessLocal
import JITAccessMail
import NIOCore
import Synchronization
@testable import JITAccessWeb
import JITAccessTestSupport

/// Collects the audit lines the application writes.
final class AuditRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var log: CloudLoggingAuditLog {
        CloudLoggingAuditLog { line in self.lines.withLock { $0.append(line) } }
    }

    /// Every line, parsed.
    func entries() -> [[String: Any]] {
        lines.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The labels of the entries for `event`.
    func labels(of event: String) -> [[String: String]] {
        entries().compactMap { $0["logging.googleapis.com/labels"] as? [String: String] }.filter { $0["event"] == event }
    }

    var rawLines: [String] { lines.withLock { $0 } }
}

/// An identity provider for tests outside demo mode: trusts `X-Test-User`, and says the request
/// came from device `X-Test-Device` when that header is present.
struct HeaderIdentityProvider: IdentityProvider {
    func signedInUser(of request: Request) async throws -> SignedInUser? {
        guard let user = request.headers[.testUser].flatMap(UserId.init) else { return nil }
        return SignedInUser(user, auditLabels: request.headers[.testDevice].map { ["device_id": $0] } ?? [:])
    }
}

extension HTTPField.Name {
    static let jitaccess = HTTPField.Name("X-JITACCESS")!
    static let debugPrincipal = HTTPField.Name("X-Debug-Principal")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let testUser = HTTPField.Name("X-Test-User")!
    static let testDevice = HTTPField.Name("X-Test-Device")!
}

enum TestApp {
    static let alice = "alice@example.com"
    static let dave = "dave@example.com"

    static let baseURL = "http://jit.test"

    /// The application on `cloud`, with default rules unless given.
    static func make(
        cloud: TemporaryCloud,
        identity: IdentityMode = .demo,
        rules: ActivationRules? = nil,
        analyzer: (any PolicyAnalyzer)? = nil,
        audit: AuditRecorder = AuditRecorder(),
        readiness: [ReadinessCheck] = [],
        signingKey: SigningKey = .random(),
        tokens: TestTokens? = nil,
        notifier: any Notifier = RecordingNotifier(),
        outbox: Outbox? = nil,
        traceProject: String? = nil,
        rateLimits: RateLimits = .defaults
    ) throws -> some ApplicationProtocol {
        let configuration = WebConfiguration(
            hostname: "127.0.0.1", port: 0, identity: identity, rules: try rules ?? ActivationRules(), signingKey: signingKey,
            baseURL: baseURL, traceProject: traceProject, rateLimits: rateLimits
        )
        let tokens = try tokens ?? TestTokens()
        let backend = WebBackend(
            analyzer: analyzer ?? cloud.iam, store: cloud.iam, signer: tokens, verifier: tokens, notifier: notifier,
            publicKeys: tokens.keySet, outbox: outbox, clock: SystemWallClock(), jitter: SeededJitter(), audit: audit.log, readiness: readiness
        )
        return try buildApplication(configuration, backend: backend)
    }

    /// Headers of a JSON API call by `principal`.
    static func apiHeaders(_ principal: String? = alice, json: Bool = false) -> HTTPFields {
        var headers: HTTPFields = [.jitaccess: "1"]
        if let principal { headers[.debugPrincipal] = principal }
        if json { headers[.contentType] = "application/json" }
        return headers
    }

    /// The body of a self-activation request.
    static func activationBody(_ ids: [String], justification: String = "Ticket 17", minutes: Int = 30) -> ByteBuffer {
        let object: [String: Any] = ["entitlementIds": ids, "justification": justification, "activationTimeout": minutes]
        return ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    /// A form-urlencoded body.
    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return ByteBuffer(string: text)
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object; empty when it is not one.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The `message` of a JSON error body.
    var message: String? { json["message"] as? String }
}

/// The value of the first hidden `csrf` field in a page.
func csrfToken(in html: String) -> String? {
    guard let match = html.firstMatch(of: /name="csrf" value="([0-9a-f]*)"/) else { return nil }
    return String(match.1)
}

/// The `name=value` of a `Set-Cookie` header named `name`.
func cookie(named name: String, in response: TestResponse) -> String? {
    response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }.map { String($0.prefix { $0 != ";" }) }
}
