import Foundation
import HTTPTypes
import JITAccessCore
import JITAccessGoogle
import Testing

@Suite("Google API errors and retries")
struct BackendErrorTests {
    static let project = ResourceName(ProjectId("prod-db")!)

    @Test("overload and server errors are retried, then the answer is used", arguments: [
        (503, "UNAVAILABLE"), (429, "RESOURCE_EXHAUSTED"), (500, "INTERNAL"),
    ])
    func transientErrorsRetried(status: Int, canonical: String) async throws {
        let backend = ScriptedBackend([.googleError(status, canonical), .googleError(status, canonical), .policy()])
        let policy = try await withLocalServer(router: backend.router) { baseURL in
            try await resourceManager(baseURL).policy(of: Self.project)
        }
        #expect(policy.etag == "BwXhqDnB9Ic=")
        #expect(await backend.requests == 3)
    }

    @Test("a backend that stays unavailable is reported as a backend failure after a bounded number of tries", arguments: [503, 429])
    func persistentErrorsReported(status: Int) async throws {
        let backend = ScriptedBackend([.googleError(status, "UNAVAILABLE", "The service is currently unavailable.")])
        let error = await #expect(throws: JITAccessError.self) {
            try await withLocalServer(router: backend.router) { baseURL in
                try await resourceManager(baseURL).policy(of: Self.project)
            }
        }
        guard case .backend(let message) = error else {
            Issue.record("expected a backend error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("Resource Manager answered \(status)"))
        #expect(message.contains("The service is currently unavailable."))
        #expect(message.contains("tried 3 times"))
        #expect(await backend.requests == 3)
    }

    @Test("other client errors are not retried and map to jitaccess's errors", arguments: [
        (403, "PERMISSION_DENIED", "backend"), (401, "UNAUTHENTICATED", "backend"), (400, "INVALID_ARGUMENT", "backend"),
        (404, "NOT_FOUND", "backend"), (409, "ABORTED", "conflict"), (412, "FAILED_PRECONDITION", "conflict"),
    ])
    func clientErrorsNotRetried(status: Int, canonical: String, kind: String) async throws {
        let backend = ScriptedBackend([.googleError(status, canonical, "the backend's own words")])
        let error = await #expect(throws: JITAccessError.self) {
            try await withLocalServer(router: backend.router) { baseURL in
                try await resourceManager(baseURL).setPolicy(IAMPolicy(etag: "BwXhqDnB9Ic="), of: Self.project, reason: "test")
            }
        }
        let found: String? = switch error {
        case .backend: "backend"
        case .notFound: "notFound"
        case .conflict: "conflict"
        default: nil
        }
        #expect(found == kind)
        #expect(error?.message.contains("the backend's own words") == true)
        #expect(error?.message.contains("\(status)") == true)
        #expect(await backend.requests == 1)
    }

    @Test("no attempt starts once the time budget is spent, however many attempts are allowed")
    func budget() async throws {
        let backend = ScriptedBackend([.googleError(503, "UNAVAILABLE", "down")])
        let error = await #expect(throws: JITAccessError.self) {
            try await withLocalServer(router: backend.router) { baseURL in
                try await resourceManager(baseURL, retry: shortGoogleRetry(maxAttempts: 10, budget: .zero))
                    .policy(of: Self.project)
            }
        }
        #expect(await backend.requests == 1)
        #expect(error?.message.contains("tried 1 time") == true)
    }

    @Test("an answer that is not Google's JSON still gives a clear error")
    func nonJSONError() async throws {
        let backend = ScriptedBackend([.init(status: 502, body: "<html>Bad Gateway</html>")])
        let error = await #expect(throws: JITAccessError.self) {
            try await withLocalServer(router: backend.router) { baseURL in
                try await resourceManager(baseURL, retry: shortGoogleRetry(maxAttempts: 2)).policy(of: Self.project)
            }
        }
        #expect(error?.message.contains("502") == true)
        #expect(error?.message.contains("tried 2 times") == true)
    }

    @Test("calls carry the bearer token, and writes the request reason on one line")
    func headersSent() async throws {
        let backend = ScriptedBackend([.policy()])
        try await withLocalServer(router: backend.router) { baseURL in
            try await resourceManager(baseURL).setPolicy(IAMPolicy(etag: "x"), of: Self.project, reason: "Self-approved,\r\njustification: x")
        }
        let headers = try #require(await backend.headers.first)
        #expect(headers[.authorization] == "Bearer ya29.test-token")
        #expect(headers[.init("x-goog-request-reason")!] == "Self-approved,  justification: x")
    }
}
