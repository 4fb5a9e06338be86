/// The claims of a signed activation token, exactly as JIT Access 1.x names them.
///
/// A token carries a pending peer-approval request from the requester to the reviewers, so the
/// service stores nothing. Times are whole epoch seconds.
public struct ActivationToken: Sendable, Equatable, Codable {
    /// The signer's identity.
    public let iss: String
    /// The signer's identity again: tokens are for the service that issued them.
    public let aud: String
    public let iat: Int64
    public let exp: Int64
    /// `mpa-` followed by random hex.
    public let jti: String
    public let beneficiary: String
    public let reviewers: [String]
    /// The full resource name of the project.
    public let resource: String
    public let role: String
    public let justification: String
    public let start: Int64
    public let end: Int64

    /// A token with exactly these claims, as read from a verified JWT.
    public init(
        iss: String, aud: String, iat: Int64, exp: Int64, jti: String, beneficiary: String, reviewers: [String],
        resource: String, role: String, justification: String, start: Int64, end: Int64
    ) {
        self.iss = iss
        self.aud = aud
        self.iat = iat
        self.exp = exp
        self.jti = jti
        self.beneficiary = beneficiary
        self.reviewers = reviewers
        self.resource = resource
        self.role = role
        self.justification = justification
        self.start = start
        self.end = end
    }

    /// The token for `request`, issued by `issuer` at `issuedAt`.
    public init(request: ActivationRequest, issuer: String, issuedAt: Timestamp) {
        iss = issuer
        aud = issuer
        iat = issuedAt.secondsSinceEpoch
        exp = request.expiresAt.secondsSinceEpoch
        jti = request.id
        beneficiary = request.beneficiary.email
        reviewers = request.reviewers.map(\.email)
        resource = ResourceName(request.entitlement.project).fullName
        role = request.role
        justification = request.justification
        start = request.window.start.secondsSinceEpoch
        end = request.window.end.secondsSinceEpoch
    }

    /// The request the token carries. Tokens name no resource condition, so the entitlement's
    /// condition is left open; the approval looks it up in IAM. Throws
    /// ``JITAccessError/invalidArgument(_:)`` when a claim is malformed.
    public func request() throws(JITAccessError) -> ActivationRequest {
        // The id is written into IAM descriptions and pages: letters, digits and hyphens only.
        guard jti.hasPrefix("mpa-"), jti.utf8.count <= 64,
              jti.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D })
        else { throw .invalidArgument("The activation token has an invalid id.") }
        guard let beneficiary = UserId(beneficiary) else { throw .invalidArgument("The activation token names an invalid beneficiary.") }
        var reviewerIds: [UserId] = []
        for reviewer in reviewers {
            guard let id = UserId(reviewer) else { throw .invalidArgument("The activation token names an invalid reviewer.") }
            reviewerIds.append(id)
        }
        guard let project = ResourceName(fullName: resource)?.project else {
            throw .invalidArgument("The activation token names a resource that is not a project.")
        }
        guard EntitlementId.isRole(role) else { throw .invalidArgument("The activation token names an invalid role.") }
        guard start < end, exp > iat else { throw .invalidArgument("The activation token has an invalid time window.") }
        return ActivationRequest(
            id: jti,
            beneficiary: beneficiary,
            reviewers: reviewerIds,
            entitlement: EntitlementId(project: project, role: role, resourceCondition: nil),
            justification: justification,
            window: ActivationWindow(start: Timestamp(secondsSinceEpoch: start), end: Timestamp(secondsSinceEpoch: end)),
            expiresAt: Timestamp(secondsSinceEpoch: exp)
        )
    }
}
extension ActivationRequest {
    /// The role asked for.
    public var role: String { entitlement.role }
}
