import JITAccessCore
import JITAccessGoogle
import JITAccessTokens
import NIOCore
import Testing

@Suite("IAP key set fetched over HTTP")
struct RemoteKeySetTests {
    @Test("A rotated key (new kid) verifies without recreating the verifier")
    func rotation() async throws {
        let old = IAPSigningKey(kid: "old"), new = IAPSigningKey(kid: "new")
        let publication = KeySetPublication(old.keySet)
        try await withKeySetServer(publication) { url in
            let verifier = verifier(url: url)
            _ = try await verifier.verify(try old.sign(iapClaims()))
            await publication.publish(new.keySet)
            let identity = try await verifier.verify(try new.sign(iapClaims(email: "bob@example.com")))
            #expect(identity.user.email == "bob@example.com")
            #expect(await publication.fetches == 2)
        }
    }

    @Test("An unknown kid fetches again at most once per refresh interval")
    func rateLimited() async throws {
        let old = IAPSigningKey(kid: "old"), new = IAPSigningKey(kid: "new")
        let publication = KeySetPublication(old.keySet)
        try await withKeySetServer(publication) { url in
            let verifier = verifier(url: url, refreshInterval: .seconds(3600))
            _ = try await verifier.verify(try old.sign(iapClaims()))
            await publication.publish(new.keySet)
            let error = await thrownError { try await verifier.verify(try new.sign(iapClaims())) }
            #expect(error?.message.contains("names a key Identity-Aware Proxy does not have") == true)
            #expect(await publication.fetches == 1)
        }
    }

    @Test("Expired keys are fetched again; if that fails, the old keys keep working")
    func expiry() async throws {
        let old = IAPSigningKey(kid: "old"), new = IAPSigningKey(kid: "new")
        let publication = KeySetPublication(old.keySet)
        try await withKeySetServer(publication) { url in
            let keys = keySet(url: url, lifetime: .zero)
            let first = try await keys.verificationKey(id: "old")
            await publication.fail(status: 503)
            let whileFailing = try await keys.verificationKey(id: "old")
            await publication.publish(new.keySet)
            let afterwards = try await keys.verificationKeys()
            #expect(first?.id == "old")
            #expect(whileFailing?.id == "old")
            #expect(afterwards.keys.map(\.id) == ["new"])
            #expect(await publication.fetches == 3)
        }
    }

    @Test("Concurrent lookups share one fetch")
    func sharedFetch() async throws {
        let key = IAPSigningKey(kid: "k")
        let publication = KeySetPublication(key.keySet)
        try await withKeySetServer(publication) { url in
            let keys = keySet(url: url)
            try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await keys.verificationKey(id: "k")?.id }
                }
                for try await id in group {
                    #expect(id == "k")
                }
            }
            #expect(await publication.fetches == 1)
        }
    }

    /// A way the key set can fail to arrive, and the words the error must contain.
    enum FetchFailure: String, CaseIterable, Sendable {
        case serverError, notJSON, malformedKey

        var words: String {
            switch self {
            case .serverError: "HTTP 503"
            case .notJSON: "not a JSON object"
            case .malformedKey: "not a point on P-256"
            }
        }
    }

    @Test("A key set that cannot be fetched is a backend error naming the URL", arguments: FetchFailure.allCases)
    func fetchFailure(failure: FetchFailure) async throws {
        let key = IAPSigningKey(kid: "k")
        let publication = KeySetPublication(key.keySet)
        switch failure {
        case .serverError: await publication.fail(status: 503)
        case .notJSON: await publication.fail(status: 200, body: "<html>")
        case .malformedKey: await publication.fail(status: 200, body: #"{"keys":[{"kty":"EC","crv":"P-256","kid":"k","x":"AA","y":"AA"}]}"#)
        }
        try await withKeySetServer(publication) { url in
            let error = await thrownError { try await verifier(url: url).verify(try key.sign(iapClaims())) }
            guard case .backend(let message) = error else {
                Issue.record("expected backend, got \(String(describing: error))")
                return
            }
            #expect(message.hasPrefix("could not fetch the IAP public keys from \(url): "))
            #expect(message.contains(failure.words), "\(message)")
        }
    }

    @Test("A server that is not there is a backend error")
    func unreachable() async throws {
        let error = await thrownError {
            try await verifier(url: "http://127.0.0.1:1/keys", timeout: .seconds(1)).verify(try IAPSigningKey(kid: "k").sign(iapClaims()))
        }
        guard case .backend(let message) = error else {
            Issue.record("expected backend, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("could not fetch the IAP public keys from http://127.0.0.1:1/keys: "))
    }
}
