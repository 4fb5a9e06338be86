import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Logging
import Testing

extension TestClientProtocol {
    /// Sends `body` to `path` (by POST unless `method` says otherwise) with a bearer token (by
    /// default one obtained from the emulator's metadata server; none when `token` is `nil`) and,
    /// if given, a request reason.
    func call(
        _ path: String, method: HTTPRequest.Method = .post, body: String? = nil, token: String? = issuedToken, reason: String? = nil
    ) async throws -> EmulatorAnswer {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token == issuedToken ? try await accessToken() : token)" }
        if let reason { headers[HTTPField.Name("x-goog-request-reason")!] = reason }
        let response = try await execute(
            uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
        )
        return EmulatorAnswer(status: response.status, body: Data(response.body.readableBytesView))
    }

    /// A token from the emulator's metadata server, as Application Default Credentials get one.
    func accessToken() async throws -> String {
        let response = try await execute(
            uri: "/computeMetadata/v1/instance/service-accounts/default/token", method: .get, headers: [HTTPField.Name("Metadata-Flavor")!: "Google"]
        )
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView))
        return try #require(json["access_token"]?.stringValue, "no access token in \(json)")
    }

    /// `getIamPolicy` as JIT Access sends it.
    func getPolicy(_ resource: String) async throws -> EmulatorAnswer {
        try await call("/v3/\(resource):getIamPolicy", body: #"{"options":{"requestedPolicyVersion":3}}"#)
    }

    /// `setIamPolicy` with `policy` as the whole request's policy.
    func setPolicy(_ resource: String, _ policy: IAMPolicy, reason: String? = nil) async throws -> EmulatorAnswer {
        let body = try JSONEncoder().encode(["policy": policy])
        return try await call("/v3/\(resource):setIamPolicy", body: String(decoding: body, as: UTF8.self), reason: reason)
    }
}
/// Stands for "a token obtained from the metadata server first" in ``TestClientProtocol/call(_:method:body:token:reason:)``.
let issuedToken = "<obtained from the metadata server>"
/// A binding that tells test writes apart.
func testBinding(_ n: Int) -> IAMBinding {
    IAMBinding(role: "roles/viewer", members: ["user:tester\(n)@example.com"])
}
