import Crypto
import Foundation
import JITAccessCore
import Testing
@testable import JITAccessTokens
import JITAccessTestSupport

@Suite("The signing key in the data folder")
struct SigningKeyFolderTests {
    @Test("The key is created on first start with mode 0600, as a PEM P-256 key")
    func createdWithMode0600() throws {
        let fixture = try TokenFixture()
        #expect(try fixture.folder.mode(of: LocalTokenSigner.currentKeyFileName) == 0o600)
        #expect(try String(contentsOfFile: fixture.folder.currentKeyPath, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path)
        #expect(leftovers == [LocalTokenSigner.currentKeyFileName])
    }

    @Test("A missing data folder is created, private to its owner")
    func createsDataFolder() throws {
        let parent = try DataFolder()
        let path = parent.path + "/data"
        _ = try LocalTokenSigner(dataDirectory: path, issuer: TokenFixture.issuer)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o700)
    }

    @Test("Two signers on the same folder share the key and verify each other's tokens")
    func sharedFolder() async throws {
        let fixture = try TokenFixture()
        let second = try LocalTokenSigner(dataDirectory: fixture.folder.path, issuer: TokenFixture.issuer)
        #expect(second.keySet.keys.map(\.id) == fixture.signer.keySet.keys.map(\.id))
        let jwt = try await second.sign(TokenFixture.sampleToken())
        #expect(try await fixture.verifier().verify(jwt, acceptingExpired: false) == TokenFixture.sampleToken())
    }

    @Test("Signers starting at once on an empty folder all end up with the same key")
    func concurrentCreation() async throws {
        let folder = try DataFolder()
        let path = folder.path
        let kids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask { try LocalTokenSigner(dataDirectory: path, issuer: TokenFixture.issuer).keySet.keys[0].id }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(kids.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == [LocalTokenSigner.currentKeyFileName])
    }

    @Test("A key file other users may access is refused", arguments: [0o644, 0o640, 0o604, 0o620, 0o660])
    func refusesOpenMode(mode: Int) throws {
        let fixture = try TokenFixture()
        try fixture.folder.setMode(mode, of: LocalTokenSigner.currentKeyFileName)
        let error = #expect(throws: TokenKeyError.self) {
            try LocalTokenSigner(dataDirectory: fixture.folder.path, issuer: TokenFixture.issuer)
        }
        #expect(error?.message.contains("other users may access it (mode 0\(String(mode, radix: 8)))") == true)
        #expect(error?.message.contains("chmod 600 \(fixture.folder.currentKeyPath)") == true)
    }

    @Test("A tampered key file with mode 0644 is refused")
    func refusesTamperedOpenFile() throws {
        let folder = try DataFolder()
        try Data(P256.Signing.PrivateKey().pemRepresentation.utf8).write(to: URL(fileURLWithPath: folder.currentKeyPath))
        try folder.setMode(0o644, of: LocalTokenSigner.currentKeyFileName)
        #expect(throws: TokenKeyError.self) { try LocalTokenSigner(dataDirectory: folder.path, issuer: TokenFixture.issuer) }
    }

    @Test("A key file that is not a PEM P-256 key is refused", arguments: ["", "garbage", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"])
    func refusesGarbage(content: String) throws {
        let folder = try DataFolder()
        try Data(content.utf8).write(to: URL(fileURLWithPath: folder.currentKeyPath))
        try folder.setMode(0o600, of: LocalTokenSigner.currentKeyFileName)
        let error = #expect(throws: TokenKeyError.self) { try LocalTokenSigner(dataDirectory: folder.path, issuer: TokenFixture.issuer) }
        #expect(error?.message == "The token signing key file \(folder.currentKeyPath) is unusable: it does not hold a PEM-encoded P-256 private key.")
    }

    @Test("A key made by `openssl ecparam -genkey` (SEC1 PEM) is used as it is, its kid the thumbprint")
    func acceptsSEC1Key() throws {
        let folder = try DataFolder()
        let sec1 = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIDyzKWK37sD8uZbbumLCq0qMu3WV3BZ3T1jikQ4slRfroAoGCCqGSM49
            AwEHoUQDQgAEF/deiPTdLDj/UNMMChiZU1P3vqSz/kmW5tLAZLBKK8uoW4etmh9c
            +gGnpVUQTA8j7KOUVKA4wNq5KlVcuUbXWA==
            -----END EC PRIVATE KEY-----

            """
        try Data(sec1.utf8).write(to: URL(fileURLWithPath: folder.currentKeyPath))
        try folder.setMode(0o600, of: LocalTokenSigner.currentKeyFileName)
        let signer = try LocalTokenSigner(dataDirectory: folder.path, issuer: TokenFixture.issuer)
        // Computed with Python's cryptography package from the same PEM.
        #expect(signer.keySet.keys.map(\.id) == ["fM63ckixGd-0RNIBBCIpsvAQDNW7oqoijaHbo2SBEks"])
    }

    @Test("After a rotation the new key signs, and the retired key still verifies its tokens and is published")
    func rotation() async throws {
        let fixture = try TokenFixture()
        let oldToken = try await fixture.signer.sign(TokenFixture.sampleToken())
        try FileManager.default.moveItem(atPath: fixture.folder.currentKeyPath, toPath: fixture.folder.path + "/token-signing-key.2024-01-01.pem")
        let rotated = try LocalTokenSigner(dataDirectory: fixture.folder.path, issuer: TokenFixture.issuer)
        let ids = rotated.keySet.keys.map(\.id)
        #expect(ids.count == 2 && ids[1] == fixture.keyId && ids[0] != fixture.keyId)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(rotated.jwksJSON())) as? [String: [[String: String]]])
        #expect(document["keys"]?.compactMap { $0["kid"] } == ids)
        let newToken = try await rotated.sign(TokenFixture.sampleToken())
        let header = try #require(Base64URL.decode(newToken.segments[0]))
        #expect(String(decoding: header, as: UTF8.self).contains(ids[0]))
        let verifier = rotated.verifier(clock: TestClock(Timestamp(secondsSinceEpoch: TokenFixture.issuedAt)))
        #expect(try await verifier.verify(oldToken, acceptingExpired: false) == TokenFixture.sampleToken())
        #expect(try await verifier.verify(newToken, acceptingExpired: false) == TokenFixture.sampleToken())
    }

    @Test("A retired key file other users may access is refused too")
    func retiredKeyModeChecked() throws {
        let fixture = try TokenFixture()
        let retired = fixture.folder.path + "/token-signing-key.old.pem"
        try FileManager.default.copyItem(atPath: fixture.folder.currentKeyPath, toPath: retired)
        try fixture.folder.setMode(0o644, of: "token-signing-key.old.pem")
        #expect(throws: TokenKeyError.self) { try LocalTokenSigner(dataDirectory: fixture.folder.path, issuer: TokenFixture.issuer) }
    }
}
