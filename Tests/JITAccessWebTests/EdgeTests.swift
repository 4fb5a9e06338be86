import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessRuntime
import JITAccessLocal
import Logging
import NIOCore
import Testing
@testable import JITAccessWeb
import JITAccessTestSupport

/// What every response shares: security headers, error mapping, body limits and health checks.
@Suite struct EdgeTests {
    @Test(arguments: [
        (HTTPRequest.Method.get, "/api/projects"),
        (.get, "/api/projects/prod-db/roles"),
        (.get, "/"),
        (.get, "/projects/prod-db"),
        (.get, "/signin"),
        (.get, "/no-such-page"),
        (.get, "/api/policy"),
        (.get, "/static/app.css"),
        (.get, "/health/ready"),
        (.post, "/projects/prod-db/activate"),
    ])
    func everyResponseCarriesTheSecurityHeaders(method: HTTPRequest.Method, path: String) async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: path, method: method, headers: TestApp.apiHeaders())
            #expect(response.headers[.contentSecurityPolicy] == "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
            #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            if !path.hasPrefix("/static/") {
                #expect(response.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test func theStaticAssetsAreServedWithTheirTypes() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let css = try await client.execute(uri: "/static/app.css", method: .get)
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            let script = try await client.execute(uri: "/static/app.js", method: .get)
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("time[datetime]"))
        }
    }

    @Test func anUnknownPathGets404() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let api = try await client.execute(uri: "/api/nothing", method: .get, headers: TestApp.apiHeaders())
            #expect(api.status == .notFound && api.message?.isEmpty == false)
            let page = try await client.execute(uri: "/nothing", method: .get)
            #expect(page.status == .notFound && page.text.contains(#"<div class="error" role="alert">"#))
        }
    }

    @Test func theHealthEndpointsReportDemoModeAndTheBackend() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, readiness: [ReadinessCheck(name: "embeddedIAM") { try cloud.iam.checkHealth() }])
        try await app.test(.router) { client in
            let alive = try await client.execute(uri: "/health/alive", method: .get)
            #expect(alive.status == .ok && alive.json["healthy"] as? Bool == true)
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            #expect(ready.json["healthy"] as? Bool == true)
            let details = try #require(ready.json["details"] as? [String: Any])
            #expect(details["demoMode"] as? Bool == true)
            #expect(details["embeddedIAM"] as? String == "ok")

            try Data("{ broken".utf8).write(to: URL(fileURLWithPath: cloud.path))
            let broken = try await client.execute(uri: "/health/ready", method: .get)
            #expect(broken.status == .serviceUnavailable)
            #expect(broken.json["healthy"] as? Bool == false)
            #expect(((broken.json["details"] as? [String: Any])?["embeddedIAM"] as? String)?.contains(cloud.path) == true)
        }
    }

    @Test(arguments: ["/api/projects/prod-db/roles/self-activate", "/projects/prod-db/activate", "/signin"])
    func anOversizedBodyGets413AndWritesNothing(path: String) async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let contentType = path.hasPrefix("/api") ? "application/json" : "application/x-www-form-urlencoded"
            var headers = TestApp.apiHeaders()
            headers[.contentType] = contentType
            let body = ByteBuffer(repeating: UInt8(ascii: "a"), count: JITAccessRequestContext.maxBodySize + 1)
            let response = try await client.execute(uri: path, method: .post, headers: headers, body: body)
            #expect(response.status == .contentTooLarge)
        }
        #expect(try cloud.bytes == before)
    }

    @Test func aBodyJustUnderTheLimitIsRead() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let padding = String(repeating: " ", count: JITAccessRequestContext.maxBodySize - 200)
            let body = ByteBuffer(string: #"{"entitlementIds": [], "justification": "x"}"# + padding)
            let response = try await client.execute(uri: "/api/projects/prod-db/roles/self-activate", method: .post, headers: TestApp.apiHeaders(json: true), body: body)
            #expect(response.status == .badRequest)
            #expect(response.message?.contains("at least one role") == true)
        }
    }

    /// An analyzer that fails the way a backend can.
    struct FailingAnalyzer: PolicyAnalyzer {
        let error: any Error & Sendable

        func projects(for user: UserId) async throws -> [ProjectId] { throw error }
        func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding] { throw error }
        func holders(of role: String, on project: ProjectId) async throws -> [RoleHolder] { throw error }
    }

    struct UnexpectedFailure: Error {
        let secret = "stack trace with secrets"
    }

    @Test func aBackendFailureGets502AndAnUnexpectedOne500WithAGenericMessage() async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let backend = try TestApp.make(cloud: cloud, analyzer: FailingAnalyzer(error: JITAccessError.backend("IAM is down")), audit: audit)
        try await backend.test(.router) { client in
            let response = try await client.execute(uri: "/api/projects", method: .get, headers: TestApp.apiHeaders())
            #expect(response.status == .badGateway)
            #expect(response.message == "IAM is down")
        }
        let entry = try #require(audit.entries().first { ($0["logging.googleapis.com/labels"] as? [String: String])?["event"] == "api.listProjects" })
        #expect(entry["severity"] as? String == "ERROR")
        #expect((entry["logging.googleapis.com/labels"] as? [String: String])?["error"] == "IAM is down")

        let unexpected = try TestApp.make(cloud: cloud, analyzer: FailingAnalyzer(error: UnexpectedFailure()))
        try await unexpected.test(.router) { client in
            let api = try await client.execute(uri: "/api/projects", method: .get, headers: TestApp.apiHeaders())
            #expect(api.status == .internalServerError)
            #expect(api.message == HTTPFailure.genericMessage)
            let page = try await client.execute(uri: "/", method: .get, headers: TestApp.apiHeaders())
            #expect(page.status == .internalServerError)
            #expect(!page.text.contains("secrets"))
        }
    }

    @Test(arguments: [
        (JITAccessError.invalidArgument("a"), HTTPResponse.Status.badRequest),
        (.notSignedIn("b"), .unauthorized),
        (.accessDenied("c"), .forbidden),
        (.notFound("d"), .notFound),
        (.conflict("e"), .conflict),
        (.backend("f"), .badGateway),
    ])
    func eachErrorMapsToOneStatus(error: JITAccessError, status: HTTPResponse.Status) {
        let failure = HTTPFailure(error, logger: .init(label: "test"))
        #expect(failure == HTTPFailure(status: status, message: error.message))
    }

    @Test(arguments: [
        (JITAccessError.quotaExhausted("Cloud Asset's quota BatchGetEffectiveIamPolicies per minute ran out.", retryAfterSeconds: 60), "60" as String?),
        (.quotaExhausted("Cloud Asset's quota AnalyzeIamPolicy per day ran out.", retryAfterSeconds: nil), nil),
        (.tooManyRequests("Your requests reached the limit.", retryAfterSeconds: 20), "20"),
    ])
    func aQuotaThatRanOutIsA503NamingItWithRetryAfterWhenKnown(error: JITAccessError, retryAfter: String?) {
        let failure = HTTPFailure(error, logger: .init(label: "test"))
        var headers = HTTPFields()
        failure.addHeaders(to: &headers)
        #expect(failure.status == (error.message.contains("quota") ? .serviceUnavailable : .tooManyRequests))
        #expect(failure.message == error.message)
        #expect(headers[.retryAfter] == retryAfter)
    }

    @Test func theApplicationListensOnARealPortAndReportsIt() async throws {
        let cloud = try TemporaryCloud()
        let reported = AsyncStream.makeStream(of: Int.self)
        let configuration = WebConfiguration(port: 0, identity: .demo, rules: try ActivationRules(), signingKey: .random())
        let tokens = try TestTokens()
        let backend = WebBackend(analyzer: cloud.iam, store: cloud.iam, signer: tokens, verifier: tokens, notifier: RecordingNotifier(), clock: SystemWallClock(), jitter: SeededJitter(), audit: AuditRecorder().log)
        let app = try buildApplication(configuration, backend: backend) { port in
            reported.continuation.yield(port)
        }
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/health/alive", method: .get)
            #expect(response.status == .ok)
            var ports = reported.stream.makeAsyncIterator()
            let port = await ports.next()
            #expect(port == client.port)
            #expect((port ?? 0) > 0)
        }
    }
}
