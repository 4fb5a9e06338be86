import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Single requests to a server under test: to check that an endpoint answers what the load
/// will ask for, and to wait for readiness.
struct HTTPProbe: Sendable {
    let client: HTTPClient

    /// Runs `body` with a probe on a client of its own, shut down afterwards.
    static func withProbe<T>(_ body: (HTTPProbe) async throws -> T) async throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(HTTPProbe(client: client))
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// The JSON API's headers for `user` in demo mode.
    static func apiHeaders(for user: String) -> [(String, String)] {
        [("X-JITACCESS", "1"), ("X-Debug-Principal", user), ("Accept", "application/json")]
    }

    /// The status and body of `GET url`.
    func get(_ url: String, headers: [(String, String)] = []) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return (Int(response.status.code), String(buffer: body))
    }

    /// Asks `GET url/health/ready` until it answers 200; throws if it never does within `timeout`.
    func waitUntilReady(_ baseURL: String, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while ContinuousClock.now < deadline {
            do {
                let (status, body) = try await get(baseURL + "/health/ready")
                if status == 200 { return }
                last = "HTTP \(status): \(body.prefix(300))"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .microseconds(250))
        }
        throw BenchmarkSetupError(description: "\(baseURL)/health/ready did not answer 200 within \(timeout); last: \(last)")
    }
}
