import ArgumentParser
import Foundation
import JITAccessCore
import JITAccessRuntime
import JITAccessTokens

/// `jitaccess sign-test-token`: signs a sample activation token with the data folder's key and
/// prints it with the JWKS, so tests can check tokens with an independent JWT library. Hidden:
/// it serves tests, not people.
struct SignTestTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-test-token",
        abstract: "Print a sample activation token and the JWKS that verifies it, as one JSON object.",
        shouldDisplay: false
    )

    @Option(name: .customLong("data-dir"), help: "The folder holding the token signing key.")
    var dataDirectory = "./jitaccess-data"

    @Option(help: "The token's issuer and audience: the service's base URL.")
    var issuer = "http://127.0.0.1:8080"

    func run() async throws {
        let signer: LocalTokenSigner
        do {
            signer = try LocalTokenSigner(dataDirectory: dataDirectory, issuer: issuer)
        } catch {
            StandardError.print("jitaccess sign-test-token: \(error)")
            throw ExitCode.failure
        }
        let now = SystemWallClock().now.secondsSinceEpoch
        let token = ActivationToken(
            iss: issuer, aud: issuer, iat: now, exp: now + 3600, jti: "mpa-" + SecureRandom.hex(bytes: 8),
            beneficiary: "alice@example.com", reviewers: ["bob@example.com"],
            resource: "//cloudresourcemanager.googleapis.com/projects/project-1", role: "roles/cloudsql.admin",
            justification: "Checking tokens with another JWT library", start: now, end: now + 3600
        )
        let output: [String: Any] = [
            "issuer": issuer,
            "token": try await signer.sign(token),
            "jwks": try JSONSerialization.jsonObject(with: Data(signer.jwksJSON())),
        ]
        let json = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys, .withoutEscapingSlashes])
        StandardOutput.printLine(String(decoding: json, as: UTF8.self))
    }
}
