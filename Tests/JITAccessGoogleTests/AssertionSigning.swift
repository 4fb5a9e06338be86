import Crypto
import Foundation
import JITAccessCore
import JITAccessGoogle
import JITAccessTestSupport
import JITAccessTokens
import Logging
import NIOCore

/// The instant every test runs at.
let testNow: Int64 = 1_800_000_000
/// The audience the tests' verifiers expect.
let testAudience = "/projects/123456789012/global/backendServices/987654321"
/// Claims as IAP makes them, for `email`; `changes` replace or (with NSNull) remove claims.
func iapClaims(email: String = "alice@example.com", _ changes: [String: Any] = [:]) -> [String: Any] {
    var claims: [String: Any] = [
        "iss": "https://cloud.google.com/iap", "aud": testAudience, "iat": testNow - 60, "exp": testNow + 540,
        "sub": "accounts.google.com:1234567890", "email": email, "hd": "example.com",
        "google": ["device_id": "device-1", "access_levels": ["accessPolicies/1/accessLevels/corp"]],
    ]
    for (name, value) in changes {
        claims[name] = value is NSNull ? nil : value
    }
    return claims
}
/// `base64url(header).base64url(claims)`.
func signingInput(_ claims: [String: Any], header: [String: Any]) throws -> String {
    Base64URL.encode(try JSONSerialization.data(withJSONObject: header, options: .sortedKeys)) + "."
        + Base64URL.encode(try JSONSerialization.data(withJSONObject: claims, options: .sortedKeys))
}
/// A logger that keeps expected failures out of the test output.
let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()
/// The key set at `url`, fetched within `timeout`, logging nothing.
func keySet(
    url: String, refreshInterval: Duration = .zero, lifetime: Duration = .seconds(3600), timeout: TimeAmount = .seconds(10)
) -> RemoteKeySet {
    RemoteKeySet(url: url, timeout: timeout, refreshInterval: refreshInterval, lifetime: lifetime, logger: quietLogger)
}
/// A verifier at `testNow` for `testAudience`, fetching keys from `url`.
func verifier(url: String, refreshInterval: Duration = .zero, timeout: TimeAmount = .seconds(10)) -> IAPAssertionVerifier {
    IAPAssertionVerifier(
        keys: keySet(url: url, refreshInterval: refreshInterval, timeout: timeout), audience: .expected(testAudience),
        clock: TestClock(Timestamp(secondsSinceEpoch: testNow))
    )
}
/// The error `body` throws, or nil.
func thrownError(_ body: () async throws -> some Any) async -> JITAccessError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? JITAccessError
    }
}
