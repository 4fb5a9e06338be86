import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import JITAccessWeb
import JITAccessTestSupport

/// A known path asked with a method it does not take answers 405 with `Allow`; an unknown path
/// still answers 404. Schemathesis's `unsupported_method` check found the 404s.
@Suite struct MethodNotAllowedTests {
    @Test(arguments: [
        ("/api/policy", HTTPRequest.Method.trace, "GET"),
        ("/api/activation-request", .put, "GET, POST"),
        ("/api/projects/prod-db/roles/self-activate", .get, "POST"),
        ("/health/alive", .delete, "GET"),
    ])
    func theJSONAPIAnswers405WithAllow(path: String, method: HTTPRequest.Method, allow: String) async throws {
        let app = try TestApp.make(cloud: TemporaryCloud())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: path, method: method, headers: TestApp.apiHeaders())
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == allow)
            #expect(response.message == "This address does not accept this method.")
        }
    }

    @Test func aPageAnswers405WithAllowAndAnUnknownPath404() async throws {
        let app = try TestApp.make(cloud: TemporaryCloud())
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/projects/prod-db/activate", method: .get, headers: [.debugPrincipal: TestApp.alice])
            #expect(page.status == .methodNotAllowed)
            #expect(page.headers[.allow] == "POST")
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")

            for path in ["/api/nothing-here", "/projects/prod-db/nothing-here", "/static/other.css"] {
                let missing = try await client.execute(uri: path, method: .get, headers: TestApp.apiHeaders())
                #expect(missing.status == .notFound, "\(path)")
                #expect(missing.headers[.allow] == nil, "\(path)")
            }
        }
    }
}
