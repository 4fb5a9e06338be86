/// A request as one of its participants sees it.
public struct RequestView: Sendable, Equatable {
    public let request: ActivationRequest
    public let state: RequestState
    public let viewerIsBeneficiary: Bool
    public let viewerIsReviewer: Bool
    /// Why the requester could not be told about an approval, if they could not.
    public let notificationError: String?
    /// True when this very call approved the request and wrote its activation; false when it
    /// was only looked at, or had been approved before.
    public var approvedNow = false

    /// True when the viewer may approve now.
    public var canApprove: Bool {
        guard viewerIsReviewer, !viewerIsBeneficiary else { return false }
        if case .pending = state { return true }
        return false
    }
}
