import JITAccessCore

/// The message `jitaccess send-test-mail` sends to check the mail settings: an approval request
/// as reviewers receive it, addressed to one person who is both requester and reviewer, so that
/// nobody else gets a copy.
public enum SampleNotification {
    /// A sample approval request to `recipient`, with links under `baseURL` (which lead to no real
    /// request). Throws ``JITAccessError/invalidArgument(_:)`` when `baseURL` is not http(s).
    public static func approvalRequest(to recipient: UserId, baseURL: String, now: Timestamp) throws -> ActivationNotification {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        guard base.hasPrefix("https://") || base.hasPrefix("http://"), !base.contains(where: { $0.isWhitespace }) else {
            throw JITAccessError.invalidArgument("'\(baseURL)' is not an http or https URL, such as https://jitaccess.example.com")
        }
        guard let project = ProjectId("sample-project") else {
            throw JITAccessError.invalidArgument("the sample project id is not valid")
        }
        let request = ActivationRequest(
            id: "mpa-sample",
            beneficiary: recipient,
            reviewers: [recipient],
            entitlement: EntitlementId(project: project, role: "roles/cloudsql.admin", resourceCondition: nil),
            justification: "A test message from jitaccess send-test-mail; there is nothing to approve.",
            window: ActivationWindow(start: now, minutes: 60),
            expiresAt: now.adding(seconds: 60 * 60)
        )
        return .approvalRequested(request, approvalLink: "\(base)/?activation=sample", statusLink: "\(base)/?activation=sample&status=1")
    }
}
