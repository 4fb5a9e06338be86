import AsyncHTTPClient
import JITAccessCore
import JITAccessGoogle
import Testing

@Suite("Google endpoints and timeouts from the environment")
struct GoogleEndpointsTests {
    @Test("unset variables give Google's real endpoints and 5/20/5 s timeouts")
    func defaults() throws {
        let endpoints = try GoogleEndpoints(ConfigurationSource([:]))
        #expect(endpoints.resourceManager == "https://cloudresourcemanager.googleapis.com")
        #expect(endpoints.cloudAsset == "https://cloudasset.googleapis.com")
        #expect(endpoints.iamCredentials == "https://iamcredentials.googleapis.com")
        #expect(endpoints.directory == "https://admin.googleapis.com")
        #expect(endpoints.serviceAccountKeys == "https://www.googleapis.com/service_accounts/v1/metadata/jwk/")
        #expect(endpoints.metadataHost == "metadata.google.internal")
        #expect(endpoints.timeouts == BackendTimeouts(connectSeconds: 5, readSeconds: 20, writeSeconds: 5))
    }

    @Test("a refused connection fails the attempt at once: BackendRetry, not the HTTP client, tries again")
    func connectionsAreNotRetriedByTheClient() {
        #expect(BackendTimeouts().clientConfiguration.connectionPool.retryConnectionEstablishment == false)
    }

    @Test("gcloud's override variables point the clients elsewhere")
    func overrides() throws {
        let endpoints = try GoogleEndpoints(ConfigurationSource([
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER": "http://localhost:8085/",
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDASSET": "http://localhost:8085",
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS": "http://localhost:8086/",
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_ADMIN": "http://localhost:8087/",
            "SERVICE_ACCOUNT_KEYS_URL": "http://localhost:8085/service_accounts/v1/metadata/jwk/",
            "GCE_METADATA_HOST": "localhost:8085",
            "BACKEND_CONNECT_TIMEOUT": "2", "BACKEND_READ_TIMEOUT": "30", "BACKEND_WRITE_TIMEOUT": "7",
        ]))
        #expect(endpoints.resourceManager == "http://localhost:8085")
        #expect(endpoints.cloudAsset == "http://localhost:8085")
        #expect(endpoints.iamCredentials == "http://localhost:8086")
        #expect(endpoints.directory == "http://localhost:8087")
        #expect(endpoints.serviceAccountKeys == "http://localhost:8085/service_accounts/v1/metadata/jwk/")
        #expect(endpoints.metadataHost == "localhost:8085")
        #expect(endpoints.timeouts == BackendTimeouts(connectSeconds: 2, readSeconds: 30, writeSeconds: 7))
    }

    @Test("a malformed value stops start-up naming the variable", arguments: [
        ("CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER", "localhost:8085"),
        ("CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDASSET", "ftp://example.com/"),
        ("CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS", "http://exa mple.com/"),
        ("CLOUDSDK_API_ENDPOINT_OVERRIDES_ADMIN", "admin.googleapis.com"),
        ("SERVICE_ACCOUNT_KEYS_URL", "keys"),
        ("GCE_METADATA_HOST", "http://localhost:8085/"),
        ("BACKEND_CONNECT_TIMEOUT", "five"),
        ("BACKEND_READ_TIMEOUT", "0"),
        ("BACKEND_WRITE_TIMEOUT", "-1"),
    ])
    func malformed(variable: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try GoogleEndpoints(ConfigurationSource([variable: value]))
        }
        #expect(error?.variable == variable)
        #expect(error.map { $0.message.contains(value) || $0.message.contains("range") } == true)
    }
}
