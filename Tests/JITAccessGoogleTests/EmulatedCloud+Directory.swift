import AsyncHTTPClient
import JITAccessTestSupport
import Foundation
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessRuntime
import Testing

extension EmulatedCloud {
    /// The scopes jitaccess asks for when it impersonates itself for the Directory API.
    static let directoryScopes = [AccessTokens.cloudPlatformScope, GroupDirectory.readonlyScope]

    /// Adds `groups` (e-mail and members such as `user:x@example.com`) to the cloud file,
    /// replacing groups of the same e-mail; the emulator reads the file on every call.
    func addGroups(_ groups: [(email: String, members: [String])]) throws {
        let url = URL(fileURLWithPath: cloud.path)
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let emails = Set(groups.map(\.email))
        var entries = (document["groups"] as? [[String: Any]] ?? []).filter { !emails.contains($0["email"] as? String ?? "") }
        entries += groups.map { ["email": $0.email, "members": $0.members] }
        document["groups"] = entries
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]).write(to: url, options: .atomic)
    }

    /// Runs `body` with a ``GroupDirectory`` of the emulator serving this cloud, authenticated as
    /// jitaccess is on Cloud Run: the metadata server's token (cloud-platform only) impersonates
    /// the service account for the Directory scope; with `metadataTokenOnly`, the metadata
    /// server's token itself.
    func withDirectory<T: Sendable>(
        customerId: String = EmulatorConfiguration.defaultCustomerId, metadataTokenOnly: Bool = false,
        _ body: @Sendable (GroupDirectory) async throws -> T
    ) async throws -> T {
        try await withEmulatorURL { baseURL in
            let endpoints = GoogleEndpoints(iamCredentials: baseURL, directory: baseURL + "/")
            let tokens: any AccessTokenSource = metadataTokenOnly ? emulatorCredentials(baseURL) : ImpersonatedAccessTokens(
                serviceAccount: EmulatorConfiguration().serviceAccount, scopes: Self.directoryScopes, endpoints: endpoints, client: .shared,
                credentials: emulatorCredentials(baseURL), clock: SystemWallClock(), retry: shortGoogleRetry(), logger: quietLogger
            )
            return try await body(GroupDirectory(
                customerId: customerId, endpoints: endpoints, client: .shared, credentials: tokens, clock: SystemWallClock(),
                retry: shortGoogleRetry(), logger: quietLogger
            ))
        }
    }

    /// The requests to the Directory API (`path` containing `/admin/directory/`) or to
    /// `generateAccessToken`, as recorded.
    func recorded(_ fragment: String) -> [EmulatorRequest] {
        journal.requests.filter { $0.path.contains(fragment) }
    }
}
