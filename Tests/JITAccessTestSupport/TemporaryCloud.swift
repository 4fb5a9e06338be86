import Foundation
import JITAccessCore
import JITAccessLocal
import JITAccessRuntime

/// A temporary folder with the demo cloud in it (`cloud.json`), served by an ``EmbeddedIAM``;
/// removed when the test ends.
public final class TemporaryCloud: Sendable {
    public let folder: URL
    /// The cloud file.
    public let path: String
    /// The embedded IAM on the file, on the clock the cloud was made with.
    public let iam: EmbeddedIAM

    public init(clock: any WallClock) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("jitaccess-test-\(UUID().uuidString)")
        path = folder.appendingPathComponent("cloud.json").path
        _ = try EmbeddedIAM.createDemoCloud(at: path)
        iam = try EmbeddedIAM(path: path, clock: clock)
    }

    /// The demo cloud on the system's clock, for tests that run against real time.
    public convenience init() throws {
        try self.init(clock: SystemWallClock())
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The file's bytes, to prove that a refused request wrote nothing.
    public var bytes: Data {
        get throws { try Data(contentsOf: URL(fileURLWithPath: path)) }
    }

    /// The activation bindings of `user` on `project`.
    public func activations(of user: String, on project: String) async throws -> [IAMBinding] {
        let policy = try await iam.policy(of: ResourceName(kind: .project, id: project))
        return policy.bindings.filter { $0.condition?.title == ActivationCondition.title && $0.members.contains("user:\(user)") }
    }
}
