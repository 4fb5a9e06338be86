/// Something people must be told about.
public enum ActivationNotification: Sendable, Equatable {
    /// Sent to the reviewers, with the requester in copy: please approve (`approvalLink`);
    /// `statusLink` lets the requester follow the request.
    case approvalRequested(ActivationRequest, approvalLink: String, statusLink: String)
    /// Sent to the requester: `approver` approved, the access lasts until the window's end.
    case requestApproved(ActivationRequest, approver: UserId, statusLink: String)
}
