import Foundation
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessRuntime
import JITAccessMail
import Testing
@testable import JITAccessWeb
import JITAccessTestSupport

/// The OpenAPI document against the application: every JSON route it registers is documented,
/// every documented operation is registered, and the document is served as the repository holds it.
@Suite struct OpenAPIDocumentTests {
    /// The path prefixes of the JSON API; everything else is pages and their assets.
    static let jsonPrefixes = ["/api/", "/health/", "/.well-known/"]

    /// The document's operations as `METHOD /path/{parameter}`.
    static func documentedOperations() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIController.document)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        return Set(paths.flatMap { path, item in item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
    }

    /// The JSON routes of the application with every optional part on (demo identity, outbox,
    /// local token keys), as `METHOD /path/{parameter}`.
    static func registeredOperations() throws -> Set<String> {
        let cloud = try TemporaryCloud()
        let tokens = try TestTokens()
        let configuration = WebConfiguration(identity: .demo, rules: try ActivationRules(), signingKey: .random())
        let backend = WebBackend(
            analyzer: cloud.iam, store: cloud.iam, signer: tokens, verifier: tokens, notifier: RecordingNotifier(),
            publicKeys: tokens.keySet, outbox: Outbox(directory: cloud.folder.path + "/outbox"), clock: SystemWallClock(), jitter: SeededJitter()
        )
        let routes = try buildRouter(configuration, backend: backend).routes
        return Set(routes.map { "\($0.method) \($0.path)" }.filter { route in jsonPrefixes.contains { route.contains(" \($0)") } })
    }

    @Test func everyRegisteredJSONRouteIsDocumented() throws {
        let undocumented = try Self.registeredOperations().subtracting(Self.documentedOperations())
        #expect(undocumented.isEmpty, "routes missing from Sources/JITAccessWeb/openapi.json: \(undocumented.sorted())")
    }

    @Test func everyDocumentedOperationIsRegistered() throws {
        let documented = try Self.documentedOperations()
        let unregistered = documented.subtracting(try Self.registeredOperations())
        #expect(unregistered.isEmpty, "documented operations the application does not serve: \(unregistered.sorted())")
        #expect(documented.count >= 12, "the comparison saw the document's operations")
    }

    @Test func theDocumentIsServedWithoutTheAPIHeaderOrASignIn() async throws {
        let app = try TestApp.make(cloud: TemporaryCloud())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: OpenAPIController.path, method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(Array(response.body.readableBytesView) == OpenAPIController.document)
            #expect(response.json["openapi"] as? String == "3.1.0")

            let otherMethod = try await client.execute(uri: OpenAPIController.path, method: .post)
            #expect(otherMethod.status == .methodNotAllowed && otherMethod.headers[.allow] == "GET", "nothing but reading it")
        }
    }
}
