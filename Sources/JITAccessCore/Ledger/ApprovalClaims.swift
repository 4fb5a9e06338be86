/// What jitaccess signs for one approval.
public struct ApprovalClaims: Sendable, Equatable, Codable {
    /// The signer's identity.
    public let iss: String
    /// The signer's identity again.
    public let aud: String
    public let iat: Int64
    /// When the statement stops counting: the request's window end.
    public let exp: Int64
    /// `apv-` followed by random hex.
    public let jti: String
    /// The request's id.
    public let request: String
    public let approver: String

    public init(iss: String, aud: String, iat: Int64, exp: Int64, jti: String, request: String, approver: String) {
        self.iss = iss
        self.aud = aud
        self.iat = iat
        self.exp = exp
        self.jti = jti
        self.request = request
        self.approver = approver
    }
}
