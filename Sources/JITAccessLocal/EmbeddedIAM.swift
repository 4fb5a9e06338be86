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
///
/// Writes block on the lock and on `fsync`, so they run on a ``WriteQueue`` of their own.
/// Reads run on the caller's thread: they wait for nobody, an unchanged file costs a `stat`,
/// and reading a changed one is mostly parsing, work for the cooperative pool anyway.
public final class EmbeddedIAM: PolicyAnalyzer, PolicyStore, Sendable {
    /// The path of the cloud file.
    public let path: String
    private let clock: any WallClock
    /// The last version read or written, and what it says.
    private let loaded: Mutex<LoadedCloud>
    /// Orders the writers of this process; the file lock orders processes.
    private let writes = WriteQueue(label: "jitaccess.embedded-iam.writes")

    /// Loads and validates the file at `path`; throws when it is missing or invalid, so a
    /// service never starts on a bad file. `clock` decides which activations have ended.
    public init(path: String, clock: any WallClock) throws(EmbeddedIAMError) {
        self.path = path
        self.clock = clock
        let (version, bytes) = try CloudFile.readAll(path)
        loaded = Mutex(try LoadedCloud(version: version, bytes: bytes, file: path))
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
        let lock = try CloudFileLock(on: path)
        defer { lock.release() }
        guard !CloudFile.exists(path) else { return false }
        _ = try CloudFile.replace(path, with: CloudDocument.demo().encoded(for: path), mode: 0o644)
        return true
    }

    // MARK: - PolicyAnalyzer

    /// The projects where `user` holds an eligible binding (on the project or an ancestor,
    /// directly or through groups or their domain) or an activation that has not ended.
    public func projects(for user: UserId) async throws -> [ProjectId] {
        try backend(currentCloud()).projects(for: user, now: clock.now)
    }

    /// Every binding with a condition on `project` and its ancestors whose members include the
    /// user, a group containing them (nested groups count) or their domain.
    public func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding] {
        guard let bindings = try backend(currentCloud()).bindings(for: user, on: project) else {
            throw JITAccessError.notFound("The project '\(project)' does not exist.")
        }
        return bindings
    }

    /// Every user holding a conditional binding for `role` on `project` or its ancestors,
    /// directly or through nested groups.
    public func holders(of role: String, on project: ProjectId) async throws -> [RoleHolder] {
        guard let holders = try backend(currentCloud()).holders(of: role, on: project) else {
            throw JITAccessError.notFound("The project '\(project)' does not exist.")
        }
        return holders
    }

    // MARK: - Groups

    /// The direct members of every group the file lists, keyed by the group (`group:EMAIL`),
    /// for the emulator's Directory API. A group that is only named as a member has no entry.
    public func groupMembers() throws -> [Principal: [Principal]] {
        try backend(currentCloud()).groupMembers
    }

    // MARK: - PolicyStore

    /// The current policy of `resource`, with its etag.
    public func policy(of resource: ResourceName) async throws -> IAMPolicy {
        guard let policy = try backend(currentCloud()).policy(of: resource) else {
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
        return try await writes.run { () throws(JITAccessError) -> IAMPolicy in
            try self.write(policy, ifEtagIs: etag, of: resource)
        }
    }

    // MARK: - Writing the file

    /// Writes `policy` as the policy of `resource` if its stored etag is still `etag`, and
    /// returns it as written. Blocks; runs on ``writes`` only.
    private func write(_ policy: IAMPolicy, ifEtagIs etag: String, of resource: ResourceName) throws(JITAccessError) -> IAMPolicy {
        let lock = try backend(CloudFileLock(on: path))
        defer { lock.release() }
        // Under the lock no other process writes, so what this read finds stays current.
        let current = try backend(freshCloud())
        guard let slot = current.cloud.slot(of: resource), let stored = current.cloud.policy(of: resource) else {
            throw .notFound("The resource '\(resource)' does not exist.")
        }
        guard stored.etag == etag else {
            throw .conflict("The policy of \(resource) was changed by someone else (etag \(etag) is no longer current).")
        }
        // Google refuses a policy beyond its documented limits; so does the embedded IAM.
        if let violation = IAMLimits.violation(in: policy) {
            throw .invalidArgument(violation)
        }
        var written = policy
        written.etag = Etag.random()
        let cloud = try Self.cloud(current.cloud, with: written, at: slot, of: resource)
        let bytes = try backend(CloudDocument.replacingPolicy(in: current.bytes, at: slot, with: written, file: path))
        let version = try backend(CloudFile.replace(path, with: bytes))
        loaded.withLock { $0 = LoadedCloud(version: version, bytes: bytes, cloud: cloud) }
        return written
    }

    /// `cloud` with `policy` as the policy of `resource`, or why the policy is invalid.
    private static func cloud(_ cloud: Cloud, with policy: IAMPolicy, at slot: ResourceSlot, of resource: ResourceName) throws(JITAccessError) -> Cloud {
        do throws(EmbeddedIAMError) {
            return try cloud.replacingPolicy(at: slot, of: resource, with: policy)
        } catch {
            throw .invalidArgument("The new policy of \(resource) is invalid: \(bindingPosition(of: error))\(error.message)")
        }
    }

    /// `bindings[3].members[0]: ` from an error in a policy, so that the message speaks of the
    /// policy that was sent rather than of the file.
    private static func bindingPosition(of error: EmbeddedIAMError) -> String {
        guard let location = error.location, let start = location.firstRange(of: ".policy.") else { return "" }
        return "\(location[start.upperBound...]): "
    }

    // MARK: - Reading the file

    /// The cloud as the file says now, re-read only when `stat` shows a new version.
    private func currentCloud() throws(EmbeddedIAMError) -> Cloud {
        let version = try CloudFile.version(of: path)
        let cached = loaded.withLock { $0 }
        return cached.version == version ? cached.cloud : try freshCloud().cloud
    }

    /// The file from a fresh read, decoded with as little work as ``LoadedCloud`` can.
    private func freshCloud() throws(EmbeddedIAMError) -> LoadedCloud {
        let (version, bytes) = try CloudFile.readAll(path)
        let current = try loaded.withLock { $0 }.reading(version: version, bytes: bytes, file: path)
        loaded.withLock { $0 = current }
        return current
    }

    /// The value of a file operation, a file that cannot be read, written or understood
    /// reported as a failure of the backend.
    private func backend<Value>(_ operation: @autoclosure () throws(EmbeddedIAMError) -> Value) throws(JITAccessError) -> Value {
        do {
            return try operation()
        } catch {
            throw .backend("The embedded IAM cannot use its file: \(error)")
        }
    }
}
