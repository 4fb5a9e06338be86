import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import Testing

@Suite("Access tokens: the metadata server, a key file's token_uri, and the bearer check")
struct AccessTokenTests {
    static let tokenPath = "/computeMetadata/v1/instance/service-accounts/default/token"
    static let flavor: HTTPFields = [HTTPField.Name("Metadata-Flavor")!: "Google"]

    /// An unsigned-but-well-formed RS256 assertion with `claims`.
    static func assertion(header: String = #"{"alg":"RS256","typ":"JWT"}"#, claims: String) -> String {
        let encode = { (text: String) in
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        return "\(encode(header)).\(encode(claims)).c2lnbmF0dXJl"
    }

    static let goodClaims = #"{"iss":"sa@p.iam.gserviceaccount.com","scope":"https://www.googleapis.com/auth/cloud-platform","aud":"http://localhost/token","iat":1,"exp":3601}"#

    static func tokenRequest(_ form: String) -> (HTTPFields, ByteBuffer) {
        ([.contentType: "application/x-www-form-urlencoded"], ByteBuffer(string: form))
    }

    @Test("the metadata server issues a token in Google's shape, and only with Metadata-Flavor: Google")
    func metadataToken() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let refused = try await client.execute(uri: Self.tokenPath, method: .get)
            #expect(refused.status == .forbidden)
            let answer = try await client.execute(uri: Self.tokenPath, method: .get, headers: Self.flavor)
            #expect(answer.status == .ok)
            #expect(answer.headers[HTTPField.Name("Metadata-Flavor")!] == "Google")
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body.readableBytesView))
            #expect(json["access_token"]?.stringValue?.hasPrefix("ya29.") == true)
            #expect(json["expires_in"] == .number(3599))
            #expect(json["token_type"] == .string("Bearer"))
            let email = try await client.execute(uri: "/computeMetadata/v1/instance/service-accounts/default/email", method: .get, headers: Self.flavor)
            #expect(String(buffer: email.body) == "jitaccess@emulator.iam.gserviceaccount.com")
            #expect(try await client.execute(uri: "/computeMetadata/v1/instance/service-accounts/default/email", method: .get).status == .forbidden)
        }
    }

    @Test("a token from token_uri with a JWT-bearer grant opens the APIs")
    func tokenURI() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let (headers, body) = Self.tokenRequest("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=\(Self.assertion(claims: Self.goodClaims))")
            let answer = try await client.execute(uri: "/token", method: .post, headers: headers, body: body)
            #expect(answer.status == .ok)
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body.readableBytesView))
            let token = try #require(json["access_token"]?.stringValue)
            #expect(json["expires_in"] == .number(3599))
            #expect(try await client.call("/v3/projects/prod-db:getIamPolicy", token: token).status == .ok)
        }
    }

    @Test("token_uri refuses other grants and malformed assertions with OAuth's error body", arguments: [
        ("grant_type=client_credentials", "unsupported_grant_type"),
        ("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer", "invalid_request"),
        ("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=abc", "invalid_grant"),
        ("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=\(assertion(header: #"{"alg":"none"}"#, claims: goodClaims))", "invalid_grant"),
        ("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=\(assertion(claims: #"{"iss":"x"}"#))", "invalid_grant"),
    ])
    func tokenURIRefuses(form: String, error: String) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let (headers, body) = Self.tokenRequest(form)
            let answer = try await client.execute(uri: "/token", method: .post, headers: headers, body: body)
            #expect(answer.status == .badRequest)
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body.readableBytesView))
            #expect(json["error"] == .string(error))
            #expect(json["error_description"]?.stringValue?.isEmpty == false)
        }
    }

    @Test("a token the emulator did not issue gets 401 UNAUTHENTICATED")
    func foreignToken() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/v3/projects/prod-db:getIamPolicy", token: "ya29.made-up")
            #expect(answer.status == .unauthorized)
            #expect(try answer.json["error"]?["status"] == .string("UNAUTHENTICATED"))
        }
    }
}
