import JITAccessCore
import JITAccessGoogle
import Testing

@Suite("IAP configuration")
struct IAPConfigurationTests {
    /// Variables and the audience check they configure.
    static let audiences: [([String: String], IAPConfiguration.Audience)] = [
        (["GOOGLE_CLOUD_PROJECT": "my-project", "GOOGLE_CLOUD_PROJECT_NUMBER": "123"], .expected("/projects/123/apps/my-project")),
        (
            ["GOOGLE_CLOUD_PROJECT": "my-project", "GOOGLE_CLOUD_PROJECT_NUMBER": "123", "IAP_BACKEND_SERVICE_ID": "456"],
            .expected("/projects/123/global/backendServices/456")
        ),
        (["GOOGLE_CLOUD_PROJECT_NUMBER": "123", "IAP_BACKEND_SERVICE_ID": "456"], .expected("/projects/123/global/backendServices/456")),
        (
            ["IAP_AUDIENCE": "/projects/123/locations/europe-west1/services/jitaccess", "IAP_BACKEND_SERVICE_ID": "456"],
            .expected("/projects/123/locations/europe-west1/services/jitaccess")
        ),
        (["IAP_VERIFY_AUDIENCE": "false"], .unchecked),
        (["IAP_VERIFY_AUDIENCE": "false", "IAP_AUDIENCE": "/projects/1/apps/x"], .unchecked),
        (["IAP_VERIFY_AUDIENCE": "true", "IAP_AUDIENCE": "/projects/1/apps/x"], .expected("/projects/1/apps/x")),
    ]

    @Test("The audience is IAP_AUDIENCE, else derived as JIT Access 1.x does", arguments: audiences)
    func audience(variables: [String: String], expected: IAPConfiguration.Audience) throws {
        let configuration = try IAPConfiguration(ConfigurationSource(variables))
        #expect(configuration.audience == expected)
        #expect(configuration.publicKeysURL == "https://www.gstatic.com/iap/verify/public_key-jwk")
    }

    @Test("IAP_PUBLIC_KEYS_URL overrides where the keys come from")
    func keysURL() throws {
        let configuration = try IAPConfiguration(ConfigurationSource([
            "IAP_VERIFY_AUDIENCE": "false", "IAP_PUBLIC_KEYS_URL": "http://127.0.0.1:8081/iap/keys",
        ]))
        #expect(configuration.publicKeysURL == "http://127.0.0.1:8081/iap/keys")
    }

    /// Variables that cannot make a configuration, and the variable the error must name.
    static let mistakes: [([String: String], String)] = [
        ([:], "GOOGLE_CLOUD_PROJECT_NUMBER"),
        (["GOOGLE_CLOUD_PROJECT": "my-project"], "GOOGLE_CLOUD_PROJECT_NUMBER"),
        (["GOOGLE_CLOUD_PROJECT_NUMBER": "12a", "GOOGLE_CLOUD_PROJECT": "p"], "GOOGLE_CLOUD_PROJECT_NUMBER"),
        (["GOOGLE_CLOUD_PROJECT_NUMBER": "123"], "GOOGLE_CLOUD_PROJECT"),
        (["GOOGLE_CLOUD_PROJECT_NUMBER": "123", "IAP_BACKEND_SERVICE_ID": "my-backend"], "IAP_BACKEND_SERVICE_ID"),
        (["IAP_AUDIENCE": "my-app"], "IAP_AUDIENCE"),
        (["IAP_VERIFY_AUDIENCE": "maybe"], "IAP_VERIFY_AUDIENCE"),
        (["IAP_VERIFY_AUDIENCE": "false", "IAP_PUBLIC_KEYS_URL": "www.gstatic.com/keys"], "IAP_PUBLIC_KEYS_URL"),
    ]

    @Test("A missing or malformed variable stops start-up naming it", arguments: mistakes)
    func mistake(variables: [String: String], variable: String) {
        #expect {
            try IAPConfiguration(ConfigurationSource(variables))
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable
        }
    }
}
