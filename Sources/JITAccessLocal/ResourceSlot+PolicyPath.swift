/// Where each resource's policy lies in the file, as JSON steps from the top: the one table
/// that the write (``CloudDocument/replacingPolicy(in:at:with:file:)``) and the partial
/// re-read (``PolicyChange``) share, so they cannot disagree about it.
extension ResourceSlot {
    /// `organization.policy`, `folders[i].policy` or `projects[i].policy`.
    package var policyPath: [JSONSplice.Step] {
        switch self {
        case .organization: [.key("organization"), .key("policy")]
        case .folder(let index): [.key("folders"), .index(index), .key("policy")]
        case .project(let index): [.key("projects"), .index(index), .key("policy")]
        }
    }

    /// How many steps lead to the deepest policy (a folder's or a project's). A search for
    /// the policy that encloses a change needs to look no deeper: anything below a policy
    /// belongs to it.
    static let deepestPolicyPath = [Self.organization, .folder(0), .project(0)].map(\.policyPath.count).max() ?? 0

    /// The slot whose ``policyPath`` starts `path`, or `nil` when `path` does not lead into a
    /// policy. No policy path starts another, so at most one slot qualifies.
    init?(policyAtStartOf path: some Collection<JSONSplice.Step>) {
        let steps = Array(path.prefix(Self.deepestPolicyPath))
        let slot: Self? = switch (steps.first, steps.dropFirst().first) {
        case (.key("organization"), _): .organization
        case (.key("folders"), .index(let index)): .folder(index)
        case (.key("projects"), .index(let index)): .project(index)
        default: nil
        }
        guard let slot, steps.starts(with: slot.policyPath) else { return nil }
        self = slot
    }
}
