import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import JITAccessCore
import JITAccessGoogle
import JITAccessRuntime
import NIOCore
import Testing

@Suite("Metadata server credentials")
struct MetadataServerCredentialsTests {
    static func credentials(_ baseURL: String) -> MetadataServerCredentials {
        emulatorCredentials(baseURL)
    }

    @Test("a token is fetched once and shared by concurrent and later callers until shortly before it expires")
    func cached() async throws {
        let issuer = TokenIssuer(lifetime: 3599)
        let tokens = try await withLocalServer(router: issuer.router) { baseURL in
            let credentials = Self.credentials(baseURL)
            var tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<10 { group.addTask { try await credentials.accessToken() } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            tokens.append(try await credentials.accessToken())
            return tokens
        }
        #expect(Set(tokens) == ["ya29.token-1"])
        #expect(await issuer.issued == 1)
    }

    @Test("a token within a minute of expiry is renewed")
    func renewed() async throws {
        let issuer = TokenIssuer(lifetime: 60)
        let tokens = try await withLocalServer(router: issuer.router) { baseURL in
            let credentials = Self.credentials(baseURL)
            return [try await credentials.accessToken(), try await credentials.accessToken(), try await credentials.accessToken()]
        }
        #expect(tokens == ["ya29.token-1", "ya29.token-2", "ya29.token-3"])
    }

    @Test("a metadata server that refuses is a backend error naming it and GCE_METADATA_HOST")
    func refused() async throws {
        let backend = ScriptedBackend([.init(status: 404, body: "not here")])
        let error = await #expect(throws: JITAccessError.self) {
            try await withLocalServer(router: backend.router) { baseURL in
                try await Self.credentials(baseURL).accessToken()
            }
        }
        #expect(error?.message.contains("metadata server") == true)
        #expect(error?.message.contains("GCE_METADATA_HOST") == true)
        #expect(error?.message.contains("404") == true)
    }

    @Test("the Resource Manager client presents the metadata server's token")
    func usedByClient() async throws {
        let issuer = TokenIssuer(lifetime: 3599)
        let backend = ScriptedBackend([.policy()])
        try await withLocalServer(router: issuer.router) { metadataURL in
            try await withLocalServer(router: backend.router) { baseURL in
                let client = ResourceManagerClient(
                    endpoints: GoogleEndpoints(resourceManager: baseURL), client: .shared, credentials: Self.credentials(metadataURL),
                    retry: shortGoogleRetry(), clock: SystemWallClock(), logger: quietLogger
                )
                _ = try await client.policy(of: ResourceName(ProjectId("prod-db")!))
            }
        }
        #expect(await backend.headers.first?[.authorization] == "Bearer ya29.token-1")
    }
}
