import AsyncHTTPClient
import Foundation
import JITAccessCore
import JITAccessGoogle
import JITAccessRuntime
import NIOCore
import NIOHTTP1
import Testing
import JITAccessTestSupport

/// A key file the emulator at `baseURL` hands out through IAM's `keys.create`, written to a
/// temporary file whose path is returned; the caller removes it.
func emulatorKeyFile(_ baseURL: String, account: String = "runner@emulator.iam.gserviceaccount.com") async throws -> String {
    var request = HTTPClientRequest(url: "\(baseURL)/v1/projects/-/serviceAccounts/\(account)/keys")
    request.method = .POST
    request.headers.add(name: "Authorization", value: "Bearer \(try await emulatorCredentials(baseURL).accessToken())")
    request.body = .bytes(ByteBuffer(string: #"{"privateKeyType":"TYPE_GOOGLE_CREDENTIALS_FILE"}"#))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 64 * 1024)
    #expect(response.status == .ok, "\(String(buffer: body))")
    struct Key: Decodable {
        let privateKeyData: String
    }
    let key = try JSONDecoder().decode(Key.self, from: Data(body.readableBytesView))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("jitaccess-key-\(UUID().uuidString).json").path
    #expect(FileManager.default.createFile(atPath: path, contents: try #require(Data(base64Encoded: key.privateKeyData))))
    return path
}

@Suite("Service-account key file credentials")
struct ServiceAccountKeyCredentialsTests {
    @Test("a key file from the emulator gets a token at its token_uri, shared by concurrent callers and cached")
    func tokenFromKeyFile() async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withEmulatorURL { baseURL in
            let path = try await emulatorKeyFile(baseURL)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let key = try ServiceAccountKey(path: path)
            #expect(key.clientEmail == "runner@emulator.iam.gserviceaccount.com")
            #expect(key.tokenURI == "\(baseURL)/token")
            let credentials = ServiceAccountKeyCredentials(key: key, client: .shared, clock: SystemWallClock())
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<10 { group.addTask { try await credentials.accessToken() } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(tokens.count == 1)
            #expect(try await credentials.accessToken() == tokens.first)
            let client = ResourceManagerClient(
                endpoints: GoogleEndpoints(resourceManager: baseURL), client: .shared, credentials: credentials, retry: shortGoogleRetry(), clock: SystemWallClock(), logger: quietLogger
            )
            #expect(try await client.policy(of: ResourceName(#require(ProjectId("prod-db")))).etag != nil)
        }
    }

    @Test("with GOOGLE_APPLICATION_CREDENTIALS the backend uses the key file and signs as its client_email")
    func backendUsesKeyFile() async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withEmulatorURL { baseURL in
            let path = try await emulatorKeyFile(baseURL)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var environment = GoogleBackendTests.environment(baseURL)
            environment["GOOGLE_APPLICATION_CREDENTIALS"] = path
            environment["GCE_METADATA_HOST"] = "127.0.0.1:9"
            let backend = try await GoogleBackend(ConfigurationSource(environment), client: .shared, clock: SystemWallClock(), jitter: SeededJitter(), logger: quietLogger)
            #expect(backend.signer.issuer == "runner@emulator.iam.gserviceaccount.com")
            #expect(try await backend.store.policy(of: ResourceName(#require(ProjectId("prod-db")))).etag != nil)
            #expect(try await backend.analyzer.projects(for: #require(UserId("alice@example.com"))).isEmpty == false)
        }
    }

    @Test("a key the token endpoint does not know is a backend error naming the account and the key file variable")
    func unknownKey() async throws {
        let issuing = try EmulatedCloud()
        let path = try await issuing.withEmulatorURL { baseURL in try await emulatorKeyFile(baseURL) }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try ServiceAccountKey(path: path)
        let other = try EmulatedCloud()
        let error = await #expect(throws: JITAccessError.self) {
            try await other.withEmulatorURL { baseURL in
                // The same key, sent to another emulator's token_uri, which never handed it out.
                var json = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
                json["token_uri"] = "\(baseURL)/token"
                let key = try ServiceAccountKey(json: JSONEncoder().encode(json), origin: path)
                _ = try await ServiceAccountKeyCredentials(key: key, client: .shared, clock: SystemWallClock()).accessToken()
            }
        }
        #expect(error?.message.contains(original.clientEmail) == true)
        #expect(error?.message.contains("invalid_grant") == true)
        #expect(error?.message.contains("GOOGLE_APPLICATION_CREDENTIALS") == true)
    }

    static let keyPEM = "-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\\n"

    @Test("a missing, unreadable or malformed key file is a configuration error naming GOOGLE_APPLICATION_CREDENTIALS and the problem", arguments: [
        (nil, "cannot be read"),
        ("not json", "not a JSON key file"),
        (#"{"type":"authorized_user","client_id":"x"}"#, "authorized_user"),
        (#"{"type":"service_account","private_key_id":"k","private_key":"x","token_uri":"https://oauth2.googleapis.com/token"}"#, "client_email"),
        (#"{"type":"service_account","client_email":"a@p.iam.gserviceaccount.com","private_key":"x","token_uri":"https://oauth2.googleapis.com/token"}"#, "private_key_id"),
        (#"{"type":"service_account","client_email":"a@p.iam.gserviceaccount.com","private_key_id":"k","private_key":"\#(keyPEM)","token_uri":"https://oauth2.googleapis.com/token"}"#, "RSA private key"),
    ] as [(String?, String)])
    func badKeyFile(contents: String?, problem: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jitaccess-key-\(UUID().uuidString).json").path
        if let contents { #expect(FileManager.default.createFile(atPath: path, contents: Data(contents.utf8))) }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: ConfigurationError.self) {
            try ApplicationDefaultCredentials(
                ConfigurationSource(["GOOGLE_APPLICATION_CREDENTIALS": path]), endpoints: GoogleEndpoints(), client: .shared, clock: SystemWallClock()
            )
        }
        #expect(error?.variable == "GOOGLE_APPLICATION_CREDENTIALS")
        #expect(error?.message.contains(problem) == true, "\(String(describing: error))")
        #expect(error?.message.contains(path) == true)
    }

    @Test("a key file whose token_uri is not a URL is named")
    func badTokenURI() async throws {
        let cloud = try EmulatedCloud()
        let path = try await cloud.withEmulatorURL { baseURL in try await emulatorKeyFile(baseURL) }
        defer { try? FileManager.default.removeItem(atPath: path) }
        var json = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        json["token_uri"] = "oauth2.googleapis.com/token"
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceAccountKey(json: JSONEncoder().encode(json), origin: path)
        }
        #expect(error?.message.contains("token_uri") == true)
    }

    @Test("without GOOGLE_APPLICATION_CREDENTIALS the metadata server is used")
    func metadataServerOtherwise() throws {
        let credentials = try ApplicationDefaultCredentials(ConfigurationSource([:]), endpoints: GoogleEndpoints(), client: .shared, clock: SystemWallClock())
        guard case .metadataServer = credentials else {
            Issue.record("expected the metadata server, got \(credentials)")
            return
        }
    }
}
