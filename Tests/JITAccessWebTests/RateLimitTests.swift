import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import Testing
@testable import JITAccessWeb
import JITAccessTestSupport

/// Over a limit, the API and the pages answer 429 with `Retry-After` and say when to try again,
/// and the audit trail records the refusal.
@Suite struct RateLimitTests {
    static let tight = RateLimits([.selfActivation: RateLimit(count: 2, seconds: 600), .approval: RateLimit(count: 1, seconds: 600)])

    @Test func theAPIAnswers429WithRetryAfter() async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit, rateLimits: Self.tight)
        try await app.test(.router) { client in
            for _ in 0..<2 {
                let response = try await client.execute(
                    uri: "/api/projects/prod-db/roles/self-activate", method: .post, headers: TestApp.apiHeaders(json: true),
                    body: TestApp.activationBody(["prod-db:roles/cloudsql.viewer"])
                )
                #expect(response.status == .ok)
            }
            let before = try cloud.bytes
            let refused = try await client.execute(
                uri: "/api/projects/prod-db/roles/self-activate", method: .post, headers: TestApp.apiHeaders(json: true),
                body: TestApp.activationBody(["prod-db:roles/cloudsql.viewer"])
            )
            #expect(refused.status == .tooManyRequests)
            // The wall clock moves while the test runs: 300 s at most, less by the time that passed.
            #expect(refused.headers[.retryAfter].flatMap(Int.init).map { (1...300).contains($0) } == true)
            #expect(refused.message?.hasPrefix("Your self-activations reached the limit of 2 per 10 minutes; try again in ") == true)
            #expect(try cloud.bytes == before)
            #expect(audit.labels(of: "api.rateLimited").first?["user"] == TestApp.alice)

            let other = try await client.execute(
                uri: "/api/projects/prod-db/roles/self-activate", method: .post, headers: TestApp.apiHeaders(TestApp.dave, json: true),
                body: TestApp.activationBody(["prod-db:roles/compute.viewer"])
            )
            #expect(other.status == .ok, "the limit is per user")
        }
    }

    @Test func theActivationFormAnswers429WithRetryAfter() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, rateLimits: RateLimits([.selfActivation: RateLimit(count: 1, seconds: 60)]))
        try await app.test(.router) { client in
            let token = try await PageTests.token(client)
            var headers = TestApp.formHeaders
            headers[.debugPrincipal] = TestApp.alice
            let first = try await client.execute(uri: PageTests.activate, method: .post, headers: headers, body: PageTests.activationForm(token: token))
            #expect(first.status == .ok)
            let second = try await client.execute(uri: PageTests.activate, method: .post, headers: headers, body: PageTests.activationForm(token: token))
            #expect(second.status == .tooManyRequests)
            #expect(second.headers[.retryAfter].flatMap(Int.init).map { (1...60).contains($0) } == true)
            #expect(second.text.contains("reached the limit of 1 per 60 seconds"))
        }
    }
}
