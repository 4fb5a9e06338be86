import JITAccessCore
import Synchronization

/// The embedded IAM backed by one JSON file: a small cloud of an organization, folders,
/// projects, groups and their IAM policies (the format is described at ``CloudDocument``).
///
/// Every call looks at the file: a `stat` tells whether it changed since the last call, and a
/// changed file is read, validated and indexed again, so edits by hand and writes by other
/// processes are seen at once while an unchanged file costs one system call. Writes take an
/// exclusive `flock` on `PATH.lock`, compare etags on a fresh read, and replace the file
/// atomically, so processes sharing the file never lose an update.
public final class EmbeddedIAM: PolicyAnalyzer, PolicyStore, Sendable {
    /// The path of the cloud file.
    public let path: String
    private let clock: any WallClock
    /// The last version read or written, and what it says.
    private let loaded: Mutex<LoadedCloud?>
    /// Serialises writers of this process; the file lock serialises processes.
    private let writer = Mutex(())

    /// One version of the file: its identity, its bytes and their meaning.
    private struct LoadedCloud: Sendable {
        let version: FileVersion
        let bytes: [UInt8]
        let cloud: Cloud
    }

    /// Loads and validates the file at `path`; throws when it is missing or invalid, so a
    /// service never starts on a bad file. `clock` decides which activations have ended.
    public init(path: String, clock: any WallClock) throws(EmbeddedIAMError) {
        self.path = path
        self.clock = clock
        let (version, bytes) = try CloudFile.readAll(path)
        let cloud = try Cloud(CloudDocument.decode(bytes, file: path), file: path)
        loaded = Mutex(LoadedCloud(version: version, bytes: bytes, cloud: cloud))
    }

    /// Re-reads and validates the file if it changed, and checks that its folder is writable,
    /// for the readiness check.
    public func checkHealth() throws(EmbeddedIAMError) {
        _ = try currentCloud()
        guard CloudFile.isDirectoryWritable(for: path) else {
            throw EmbeddedIAMError.file(path, "the folder \(CloudFile.directory(of: path)) is not writable, so policies cannot be changed")
        }
    }

    /// What does not work as its author probably meant, one sentence each: bindings whose
    /// marker makes nobody eligible or whose activations Google would refuse
    /// (``EntitlementWarnings``), and policies beyond Google's limits (``IAMLimits``).
    public func warnings() throws(EmbeddedIAMError) -> [String] {
        let document = try currentCloud().document
        var entries: [(ResourceName, IAMPolicy?)] = []
        if let organization = document.organization { entries.append((ResourceName(kind: .organization, id: organization.id), organization.policy)) }
        entries += document.folders.map { (ResourceName(kind: .folder, id: $0.id), $0.policy) }
        entries += document.projects.map { (ResourceName(kind: .project, id: $0.id), $0.policy) }
        var warnings: [String] = []
        for (resource, policy) in entries {
            guard let policy else { continue }
            if let violation = IAMLimits.violation(in: policy) {
                warnings.append("The policy of \(resource) breaks a limit of Google's: \(violation)")
            }
            for binding in policy.bindings {
                warnings += EntitlementWarnings.problems(with: binding).map { "The binding of \(binding.role) on \(resource) \($0)." }
            }
        }
        return warnings
    }

    /// Writes the demo cloud to `path` if no file exists there, creating its folder if needed.
    /// Returns `true` if it created the file.
    public static func createDemoCloud(at path: String) throws(EmbeddedIAMError) -> Bool {
        try CloudFile.createDirectory(for: path)
        return try CloudFile.withExclusiveLock(on: path) { () throws(EmbeddedIAMError) -> Bool in
            guard !CloudFile.exists(path) else { return false }
            _ = try CloudFile.replace(path, with: CloudDocument.demo().encoded(for: path), mode: 0o644)
            return true
        }
    }

    // MARK: - PolicyAnalyzer

    /// The projects where `user` holds an eligible binding (on the project or an ancestor,
    /// directly or through groups or their domain) or an activation that has not ended.
    public func projects(for user: UserId) async throws -> [ProjectId] {
        try backendCall { try currentCloud().projects(for: user, now: clock.now) }
    }

    /// Every binding with a condition on `project` and its ancestors whose members include the
    /// user, a group containing them (nested groups count) or their domain.
    public func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding] {
        guard let bindings = try backendCall({ try currentCloud().bindings(for: user, on: project) }) else {
            throw JITAccessError.notFound("The project '\(project)' does not exist.")
        }
        return bindings
    }

    /// Every user holding a conditional binding for `role` on `project` or its ancestors,
    /// directly or through nested groups.
    public func holders(of role: String, on project: ProjectId) async throws -> [RoleHolder] {
        guard let holders = try backendCall({ try currentCloud().holders(of: role, on: project) }) else {
            throw JITAccessError.notFound("The project '\(project)' does not exist.")
        }
        return holders
    }

    // MARK: - PolicyStore

    /// The current policy of `resource`, with its etag.
    public func policy(of resource: ResourceName) async throws -> IAMPolicy {
        guard let policy = try backendCall({ try currentCloud().policy(of: resource) }) else {
            throw JITAccessError.notFound("The resource '\(resource)' does not exist.")
        }
        return policy
    }

    /// Replaces the policy of `resource` if `policy.etag` is the stored etag, under the file
    /// lock and on a fresh read of the file; everything else in the file stays as it is.
    /// Returns the policy as written, with its new etag. The file keeps no history, so
    /// `reason` is left to the audit log.
    @discardableResult
    public func setPolicy(_ policy: IAMPolicy, of resource: ResourceName, reason: String) async throws -> IAMPolicy {
        guard let etag = policy.etag else {
            throw JITAccessError.invalidArgument("The policy of \(resource) has no etag; read the policy first and send back its etag.")
        }
        return try writer.withLock { _ throws(JITAccessError) -> IAMPolicy in
            try backendCall {
                try CloudFile.withExclusiveLock(on: path) { () throws(EmbeddedIAMError) -> Result<IAMPolicy, JITAccessError> in
                    let current = try freshCloud()
                    guard let slot = current.cloud.slot(of: resource), let stored = current.cloud.policy(of: resource) else {
                        return .failure(.notFound("The resource '\(resource)' does not exist."))
                    }
                    guard stored.etag == etag else {
                        return .failure(.conflict("The policy of \(resource) was changed by someone else (etag \(etag) is no longer current)."))
                    }
                    // Google refuses a policy beyond its documented limits; so does the embedded IAM.
                    if let violation = IAMLimits.violation(in: policy) {
                        return .failure(.invalidArgument(violation))
                    }
                    var written = policy
                    written.etag = Etag.random()
                    let cloud: Cloud
                    do throws(EmbeddedIAMError) {
                        cloud = try current.cloud.replacingPolicy(at: slot, of: resource, with: written)
                    } catch {
                        return .failure(.invalidArgument("The new policy of \(resource) is invalid: \(Self.bindingPosition(of: error))\(error.message)"))
                    }
                    let bytes = try CloudDocument.replacingPolicy(in: current.bytes, at: slot, with: written, file: path)
                    let version = try CloudFile.replace(path, with: bytes)
                    loaded.withLock { $0 = LoadedCloud(version: version, bytes: bytes, cloud: cloud) }
                    return .success(written)
                }.get()
            }
        }
    }

    // MARK: - Reading the file

    /// The cloud as the file says now, re-read only when `stat` shows a new version.
    private func currentCloud() throws(EmbeddedIAMError) -> Cloud {
        let version = try CloudFile.version(of: path)
        if let cached = loaded.withLock({ $0 }), cached.version == version {
            return cached.cloud
        }
        return try freshCloud().cloud
    }

    /// The file from a fresh read; the bytes are parsed again only when they differ from the
    /// last version seen, and only one policy when that is all that differs.
    private func freshCloud() throws(EmbeddedIAMError) -> LoadedCloud {
        let (version, bytes) = try CloudFile.readAll(path)
        let cached = loaded.withLock { $0 }
        let cloud = if let cached, PolicyChange.same(cached.bytes, bytes) {
            cached.cloud
        } else if let cached, let change = PolicyChange(from: cached.bytes, to: bytes), let updated = cached.cloud.applying(change) {
            updated
        } else {
            try Cloud(CloudDocument.decode(bytes, file: path), file: path)
        }
        let current = LoadedCloud(version: version, bytes: bytes, cloud: cloud)
        loaded.withLock { $0 = current }
        return current
    }

    /// `bindings[3].members[0]: ` from an error in a policy, so that the message speaks of the
    /// policy that was sent rather than of the file.
    private static func bindingPosition(of error: EmbeddedIAMError) -> String {
        guard let location = error.location, let start = location.firstRange(of: ".policy.") else { return "" }
        return "\(location[start.upperBound...]): "
    }

    /// Runs `body`, reporting a file that cannot be read, written or understood as a backend
    /// failure and passing other ``JITAccessError``s through.
    private func backendCall<Value>(_ body: () throws -> Value) throws(JITAccessError) -> Value {
        do {
            return try body()
        } catch let error as JITAccessError {
            throw error
        } catch let error as EmbeddedIAMError {
            throw JITAccessError.backend("The embedded IAM cannot use its file: \(error)")
        } catch {
            throw JITAccessError.backend("The embedded IAM failed: \(error)")
        }
    }
}
