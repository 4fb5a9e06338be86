import JITAccessLocal
import Synchronization

/// The embedded IAM's hierarchy, read again only when its file changes: analyses scoped to a
/// folder or the organization consult it on every request.
final class HierarchyCache: Sendable {
    let iam: EmbeddedIAM
    private let last = Mutex<ResourceHierarchy?>(nil)

    init(iam: EmbeddedIAM) {
        self.iam = iam
    }

    /// The hierarchy in the file now.
    func current() throws(GoogleAPIError) -> ResourceHierarchy {
        let previous = last.withLock { $0 }
        do {
            let hierarchy = try iam.hierarchy(reusing: previous)
            last.withLock { $0 = hierarchy }
            return hierarchy
        } catch {
            throw .internalError("The emulator cannot read its cloud file: \(error)")
        }
    }
}
