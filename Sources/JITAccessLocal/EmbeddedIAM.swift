import JITAccessCore

/// The embedded IAM backed by one JSON file.
public final class EmbeddedIAM: PolicyAnalyzer, PolicyStore, Sendable {
    /// The path of the cloud file.
    public let path: String
    let clock: any WallClock

    /// Loads and validates the file at `path`; throws when it is missing or invalid, so a
    /// service never starts on a bad file.
    public init(path: String, clock: any WallClock = SystemWallClock()) throws(EmbeddedIAMError) {
        self.path = path
        self.clock = clock
    }

    /// Re-reads and validates the file, for the readiness check.
    public func checkHealth() throws(EmbeddedIAMError) {}

    /// Writes the demo cloud to `path` if no file exists there, creating its folder if needed.
    /// Returns `true` if it created the file.
    public static func createDemoCloud(at path: String) throws(EmbeddedIAMError) -> Bool {
        false
    }

    public func projects(for user: UserId) async throws -> [ProjectId] { [] }

    public func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding] { [] }

    public func policy(of resource: ResourceName) async throws -> IAMPolicy {
        throw JITAccessError.notFound("Resource \(resource) not found.")
    }

    @discardableResult
    public func setPolicy(_ policy: IAMPolicy, of resource: ResourceName, reason: String) async throws -> IAMPolicy {
        throw JITAccessError.notFound("Resource \(resource) not found.")
    }
}
