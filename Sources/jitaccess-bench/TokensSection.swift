import JITAccessCore
import JITAccessRuntime
import JITAccessTokens

/// Activation tokens: signing and verifying a peer-approval request with the local ES256 key.
struct TokensSection: BenchmarkSection {
    let name = "tokens"

    func run(_ context: BenchmarkContext) async throws -> [Measurement] {
        let issuer = "https://jitaccess.example.com"
        let signer = try LocalTokenSigner(dataDirectory: context.workDirectory + "/keys", issuer: issuer)
        let verifier = signer.verifier(clock: context.clock)
        let token = try Self.sampleToken(issuer: issuer, now: context.clock.now)
        let sign = try await Stopwatch.samples(count: context.samples(2_000)) {
            blackHole(try await signer.sign(token))
        }
        let jwt = try await signer.sign(token)
        let verify = try await Stopwatch.samples(count: context.samples(2_000)) {
            blackHole(try await verifier.verify(jwt, acceptingExpired: false))
        }
        return [
            Measurement(section: name, name: "sign activation token (ES256)", nanoseconds: sign, unit: .microseconds, note: Self.rate(sign)),
            Measurement(section: name, name: "verify activation token (ES256)", nanoseconds: verify, unit: .microseconds, note: Self.rate(verify)),
        ]
    }

    /// The operations per second one core manages at the median.
    static func rate(_ nanoseconds: [Double]) -> String {
        let median = Distribution(nanoseconds).percentile(50)
        return median > 0 ? "\(Int(1e9 / median))/s at the median" : ""
    }

    private static func sampleToken(issuer: String, now: Timestamp) throws -> ActivationToken {
        guard let alice = UserId("alice@example.com"), let bob = UserId("bob@example.com"), let project = ProjectId("prod-db") else {
            throw GeneratorError(description: "the sample token's users or project do not parse")
        }
        let request = ActivationRequest(
            id: "mpa-0123456789abcdef", beneficiary: alice, reviewers: [bob],
            entitlement: EntitlementId(project: project, role: "roles/cloudsql.admin", resourceCondition: nil),
            justification: "INC-4711: database failover", window: ActivationWindow(start: now, minutes: 60),
            expiresAt: now.adding(seconds: 3_600)
        )
        return ActivationToken(request: request, issuer: issuer, issuedAt: now)
    }
}
