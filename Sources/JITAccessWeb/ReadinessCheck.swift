import Hummingbird
import Logging
import JITAccessCore

/// A check that readiness runs, such as "the policy file can be read".
public struct ReadinessCheck: Sendable {
    /// The key under which the outcome appears in `details`.
    public let name: String
    /// Throws when the dependency is unusable; the error's description is reported.
    public let check: @Sendable () async throws -> Void

    public init(name: String, check: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.check = check
    }
}
