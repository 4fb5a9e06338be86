/// Where a peer-approval request stands, computed live from its token and IAM.
public enum RequestState: Sendable, Equatable {
    /// Nobody has approved yet; the request lapses at `validUntil`.
    case pending(validUntil: Timestamp)
    /// Approved (by `approver`, when the binding says who): the access lasts until `until`.
    case approved(approver: UserId?, until: Timestamp)
    /// Nobody approved before the request lapsed.
    case expired
}
