import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessTestSupport
import Testing
import _CryptoExtras

@Suite("Access tokens: the metadata server, a key file's token_uri, and the bearer check")
struct AccessTokenTests {
    static let tokenPath = "/computeMetadata/v1/instance/service-accounts/default/token"
    static let flavor: HTTPFields = [HTTPField.Name("Metadata-Flavor")!: "Google"]

    static let now: Int64 = 1_767_225_600
    static let account = "sa@p.iam.gserviceaccount.com"
    static let tokenURI = "http://localhost/token"

    /// The fields of a key file the emulator handed out.
    struct KeyFile: Decodable {
        let private_key_id: String
        let private_key: String
        let client_email: String
        let token_uri: String
    }

    /// An RS256 assertion with `claims` (`header` by default names the key), signed with `keyFile`'s key.
    static func assertion(_ keyFile: KeyFile, header: String? = nil, claims: String) throws -> String {
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: keyFile.private_key)
        let signingInput = "\(Base64URL.encode(Data((header ?? #"{"alg":"RS256","kid":"\#(keyFile.private_key_id)","typ":"JWT"}"#).utf8))).\(Base64URL.encode(Data(claims.utf8)))"
        let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return "\(signingInput).\(Base64URL.encode(signature.rawRepresentation))"
    }

    /// The claims of a key file's assertion, with `changes` applied.
    static func claims(_ changes: [String: JSONValue] = [:]) throws -> String {
        let claims: [String: JSONValue] = [
            "iss": .string(account), "scope": .string("https://www.googleapis.com/auth/cloud-platform"), "aud": .string(tokenURI),
            "iat": .number(Double(now)), "exp": .number(Double(now + 3600)),
        ].merging(changes) { $1 }
        return String(decoding: try JSONEncoder().encode(JSONValue.object(claims.filter { $0.value != .null })), as: UTF8.self)
    }

    static func tokenRequest(assertion: String) -> (HTTPFields, ByteBuffer) {
        tokenRequest("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=\(assertion)")
    }

    static func tokenRequest(_ form: String) -> (HTTPFields, ByteBuffer) {
        ([.contentType: "application/x-www-form-urlencoded"], ByteBuffer(string: form))
    }

    static func keyFile(of fixture: EmulatorFixture) throws -> KeyFile {
        try JSONDecoder().decode(KeyFile.self, from: fixture.keys.createKeyFile(for: account, tokenURI: tokenURI).json)
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

    @Test("a token from token_uri, for an assertion signed with a key file it handed out, opens the APIs")
    func tokenURI() async throws {
        let fixture = try EmulatorFixture(clock: TestClock(Timestamp(secondsSinceEpoch: Self.now + 10)))
        let keyFile = try Self.keyFile(of: fixture)
        #expect(keyFile.client_email == Self.account)
        #expect(keyFile.token_uri == Self.tokenURI)
        try await fixture.application.test(.router) { client in
            let (headers, body) = Self.tokenRequest(assertion: try Self.assertion(keyFile, claims: Self.claims()))
            let answer = try await client.execute(uri: "/token", method: .post, headers: headers, body: body)
            #expect(answer.status == .ok)
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body.readableBytesView))
            let token = try #require(json["access_token"]?.stringValue)
            #expect(json["expires_in"] == .number(3599))
            #expect(try await client.call("/v3/projects/prod-db:getIamPolicy", token: token).status == .ok)
        }
    }

    @Test("keys.create hands out a key file whose token_uri is this emulator's /token; it needs a token and refuses other key types")
    func keysCreate() async throws {
        let fixture = try EmulatorFixture(clock: TestClock(Timestamp(secondsSinceEpoch: Self.now)))
        try await fixture.application.test(.router) { client in
            let path = "/v1/projects/-/serviceAccounts/\(Self.account)/keys"
            #expect(try await client.call(path, body: "{}", token: nil).status == .unauthorized)
            let refused = try await client.call(path, body: #"{"privateKeyType":"TYPE_PKCS12_FILE"}"#)
            #expect(refused.status == .badRequest)
            #expect(try refused.json["error"]?["message"]?.stringValue?.contains("TYPE_GOOGLE_CREDENTIALS_FILE") == true)
            let created = try await client.call(path, body: #"{"privateKeyType":"TYPE_GOOGLE_CREDENTIALS_FILE","keyAlgorithm":"KEY_ALG_RSA_2048"}"#)
            #expect(created.status == .ok, "\(created.text)")
            let encoded = try #require(try created.json["privateKeyData"]?.stringValue)
            let data = try #require(Data(base64Encoded: encoded))
            let keyFile = try JSONDecoder().decode(KeyFile.self, from: data)
            #expect(try created.json["name"]?.stringValue == "projects/-/serviceAccounts/\(Self.account)/keys/\(keyFile.private_key_id)")
            #expect(keyFile.token_uri == Self.tokenURI)
            let (headers, body) = Self.tokenRequest(assertion: try Self.assertion(keyFile, claims: Self.claims()))
            #expect(try await client.execute(uri: "/token", method: .post, headers: headers, body: body).status == .ok)
        }
    }

    @Test("token_uri refuses other grants and malformed assertions with OAuth's error body", arguments: [
        ("grant_type=client_credentials", "unsupported_grant_type"),
        ("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer", "invalid_request"),
        ("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=abc", "invalid_grant"),
        ("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=e30.e30.c2ln", "invalid_grant"),
    ])
    func tokenURIRefusesForm(form: String, error: String) async throws {
        let fixture = try EmulatorFixture()
        try await Self.expectRefusal(fixture, Self.tokenRequest(form), error: error, description: nil)
    }

    /// Assertions that are signed and well formed but wrong: each is refused as Google does.
    static let badAssertions: [(String, [String: JSONValue], String?, String, String)] = [
        ("expired", ["iat": .number(Double(now - 7200)), "exp": .number(Double(now - 3600))], nil, "invalid_grant", "iat and exp"),
        ("issued in the future", ["iat": .number(Double(now + 600)), "exp": .number(Double(now + 1200))], nil, "invalid_grant", "iat and exp"),
        ("longer than an hour", ["exp": .number(Double(now + 7200))], nil, "invalid_grant", "60 minutes"),
        ("for another audience", ["aud": .string("https://oauth2.googleapis.com/token")], nil, "invalid_grant", "audience"),
        ("issued by another account", ["iss": .string("other@p.iam.gserviceaccount.com")], nil, "invalid_grant", "iss"),
        ("without a scope", ["scope": .null], nil, "invalid_scope", "scope"),
        ("naming an unknown key", [:], #"{"alg":"RS256","kid":"0123456789abcdef","typ":"JWT"}"#, "invalid_grant", "account not found"),
        ("without alg RS256", [:], #"{"alg":"none","typ":"JWT"}"#, "invalid_grant", "RS256"),
    ]

    @Test("token_uri refuses expired, future, over-long, wrongly addressed, foreign or scopeless assertions", arguments: badAssertions)
    func tokenURIRefusesClaims(name: String, changes: [String: JSONValue], header: String?, error: String, words: String) async throws {
        let fixture = try EmulatorFixture(clock: TestClock(Timestamp(secondsSinceEpoch: Self.now)))
        let assertion = try Self.assertion(Self.keyFile(of: fixture), header: header, claims: Self.claims(changes))
        try await Self.expectRefusal(fixture, Self.tokenRequest(assertion: assertion), error: error, description: words)
    }

    @Test("token_uri refuses an assertion signed with another key under a known key id")
    func tokenURIRefusesForgery() async throws {
        let fixture = try EmulatorFixture(clock: TestClock(Timestamp(secondsSinceEpoch: Self.now)))
        let issued = try Self.keyFile(of: fixture)
        let forger = try JSONDecoder().decode(KeyFile.self, from: ServiceAccountKeys().createKeyFile(for: Self.account, tokenURI: Self.tokenURI).json)
        let forged = try Self.assertion(forger, header: #"{"alg":"RS256","kid":"\#(issued.private_key_id)","typ":"JWT"}"#, claims: Self.claims())
        try await Self.expectRefusal(fixture, Self.tokenRequest(assertion: forged), error: "invalid_grant", description: "Signature")
    }

    /// Posts `request` to `/token` and expects a 400 with OAuth's `error` and, if given, words in its description.
    static func expectRefusal(_ fixture: EmulatorFixture, _ request: (HTTPFields, ByteBuffer), error: String, description words: String?) async throws {
        try await fixture.application.test(.router) { client in
            let answer = try await client.execute(uri: "/token", method: .post, headers: request.0, body: request.1)
            #expect(answer.status == .badRequest)
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body.readableBytesView))
            #expect(json["error"] == .string(error))
            let description = try #require(json["error_description"]?.stringValue)
            #expect(!description.isEmpty)
            if let words { #expect(description.contains(words), "\(description)") }
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
