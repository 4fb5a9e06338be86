import Foundation
import JITAccessCore

/// The body of `getIamPolicy`: `{"options":{"requestedPolicyVersion":3}}`, all optional.
struct GetIamPolicyRequest: Equatable {
    /// The policy versions Google accepts; 2 is reserved.
    static let validVersions: Set<Int> = [0, 1, 3]

    var requestedPolicyVersion: Int?

    /// Parses `bytes` (an empty body means no options) as Google does: unknown fields and wrong
    /// types are refused.
    init(json bytes: Data) throws(GoogleAPIError) {
        guard let fields = try RequestJSON.object(bytes, known: ["options"]) else { return }
        guard let options = fields["options"], options != .null else { return }
        guard case .object(let optionFields) = options else {
            throw .invalidArgument("Invalid value at 'options' (type.googleapis.com/google.iam.v1.GetPolicyOptions): expected an object.")
        }
        try RequestJSON.refuseUnknown(in: optionFields, known: ["requestedPolicyVersion"], at: "options.")
        switch optionFields["requestedPolicyVersion"] {
        case nil, .null?:
            break
        case .number(let version)? where version.rounded() == version && Self.validVersions.contains(Int(version)):
            requestedPolicyVersion = Int(version)
        case let other?:
            throw .invalidArgument("Invalid value at 'options.requested_policy_version' (\(RequestJSON.text(other))): the requested policy version must be 0, 1 or 3.")
        }
    }
}
