import Foundation

/// `GET /api/projects/{p}/roles` for one user on one project: what the HTTP load asks for.
struct RolesEndpoint: Sendable {
    let baseURL: String
    let user: String
    let project: String

    var url: String { "\(baseURL)/api/projects/\(project)/roles" }
    var headers: [(String, String)] { HTTPProbe.apiHeaders(for: user) }

    /// The number of entitlements listed; throws unless the answer is 200 with at least one,
    /// since a load of errors or empty lists would measure nothing worth printing.
    func check(with probe: HTTPProbe) async throws -> Int {
        let (status, body) = try await probe.get(url, headers: headers)
        let listed = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["entitlements"] as? [Any]
        guard status == 200, let listed, !listed.isEmpty else {
            throw BenchmarkSetupError(description: "GET \(url) as \(user) should list roles, but answered HTTP \(status): \(body.prefix(500))")
        }
        return listed.count
    }

    /// A wrk load of this request.
    func load(seconds: Int, requestLimit: Int? = nil) -> WrkLoad {
        WrkLoad(url: url, headers: headers, seconds: seconds, requestLimit: requestLimit)
    }
}
