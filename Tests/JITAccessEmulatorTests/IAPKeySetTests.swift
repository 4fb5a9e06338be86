import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessTokens
import Testing

@Suite("The IAP-style key set")
struct IAPKeySetTests {
    static let keySetPath = "/iap/verify/public_key-jwk"

    static func publish(_ jwks: [UInt8], on client: some TestClientProtocol) async throws -> HTTPResponse.Status {
        try await client.execute(
            uri: "/emulator/iap-keys", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: jwks)
        ).status
    }

    static func served(by client: some TestClientProtocol) async throws -> JWKSet {
        let response = try await client.execute(uri: keySetPath, method: .get)
        #expect(response.status == .ok)
        return try JWKSet(jwksJSON: Array(response.body.readableBytesView))
    }

    static func publicKey(_ key: JSONWebKey?) -> P256.Signing.PublicKey? {
        guard case .p256(let publicKey)? = key?.material else { return nil }
        return publicKey
    }

    @Test("keys a test publishes are served, and a new set replaces them (rotation)")
    func publishAndRotate() async throws {
        let fixture = try EmulatorFixture()
        let first = P256.Signing.PrivateKey()
        let second = P256.Signing.PrivateKey()
        try await fixture.application.test(.router) { client in
            #expect(try await Self.served(by: client).keys.isEmpty)
            #expect(try await Self.publish(JWKSet(keys: [JSONWebKey(.p256(first.publicKey), id: "iap-1")]).jwksJSON(), on: client) == .noContent)
            let served = try await Self.served(by: client)
            #expect(Self.publicKey(served.key(id: "iap-1"))?.rawRepresentation == first.publicKey.rawRepresentation)
            #expect(served.key(id: "iap-1")?.algorithm == .es256)

            #expect(try await Self.publish(JWKSet(keys: [JSONWebKey(.p256(second.publicKey), id: "iap-2")]).jwksJSON(), on: client) == .noContent)
            let rotated = try await Self.served(by: client)
            #expect(rotated.key(id: "iap-1") == nil)
            #expect(Self.publicKey(rotated.key(id: "iap-2"))?.rawRepresentation == second.publicKey.rawRepresentation)
        }
    }

    @Test("RSA keys and malformed sets are refused and the served set stays")
    func refusesOtherKeys() async throws {
        let fixture = try EmulatorFixture()
        let key = P256.Signing.PrivateKey()
        try await fixture.application.test(.router) { client in
            #expect(try await Self.publish(JWKSet(keys: [JSONWebKey(.p256(key.publicKey), id: "iap-1")]).jwksJSON(), on: client) == .noContent)
            let rsa = try await client.execute(uri: "/service_accounts/v1/metadata/jwk/sa@p.iam.gserviceaccount.com", method: .get)
            #expect(try await Self.publish(Array(rsa.body.readableBytesView), on: client) == .badRequest)
            #expect(try await Self.publish(Array("not json".utf8), on: client) == .badRequest)
            #expect(try await Self.served(by: client).key(id: "iap-1") != nil)
        }
    }
}
