import Foundation
import JITAccessCore

/// The body of `setIamPolicy`: `{"policy":{…},"updateMask":"bindings,etag"}`.
struct SetIamPolicyRequest {
    /// The fields `updateMask` may name, and the default mask.
    static let maskableFields: Set<String> = ["bindings", "etag", "auditConfigs", "version"]
    static let defaultMask: Set<String> = ["bindings", "etag"]

    var policy: IAMPolicy
    var updateMask: Set<String>

    init(json bytes: Data) throws(GoogleAPIError) {
        guard let fields = try RequestJSON.object(bytes, known: ["policy", "updateMask"]), let rawPolicy = fields["policy"], rawPolicy != .null else {
            throw .invalidArgument("The request has no policy: send {\"policy\": {...}} with the policy read by getIamPolicy, changed.")
        }
        guard case .object(let policyFields) = rawPolicy else {
            throw .invalidArgument("Invalid value at 'policy' (type.googleapis.com/google.iam.v1.Policy): expected an object.")
        }
        try RequestJSON.refuseUnknown(in: policyFields, known: ["version", "bindings", "auditConfigs", "etag"], at: "policy.")
        do {
            policy = try JSONDecoder().decode(IAMPolicy.self, from: JSONEncoder().encode(rawPolicy))
        } catch {
            throw .invalidArgument("Invalid value in 'policy': \(RequestJSON.describe(error))")
        }
        switch fields["updateMask"] {
        case nil, .null?:
            updateMask = Self.defaultMask
        case .string(let mask)?:
            let paths = Set(mask.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            if let unknown = paths.subtracting(Self.maskableFields).sorted().first {
                throw .invalidArgument("Invalid updateMask: '\(unknown)' is not a field of Policy; use some of \(Self.maskableFields.sorted().joined(separator: ", ")).")
            }
            updateMask = paths.isEmpty ? Self.defaultMask : paths
        case let other?:
            throw .invalidArgument("Invalid value at 'update_mask' (\(RequestJSON.text(other))): expected a comma-separated string of field names.")
        }
    }

    /// Refuses conditions in a policy written as version 0 or 1, as Google does: conditional
    /// bindings need version 3, and a lower version would silently lose them.
    func checkVersion() throws(GoogleAPIError) {
        guard policy.version < 3, updateMask.contains("bindings"), policy.bindings.contains(where: { $0.condition != nil }) else { return }
        throw .invalidArgument("The policy has bindings with conditions but version \(policy.version); set \"version\": 3 to write conditional bindings.")
    }

    /// The policy to store: the fields named by the mask from the request, the others from
    /// `stored`. The etag is not merged: it is what the write is checked against.
    func merged(onto stored: IAMPolicy) -> IAMPolicy {
        var result = stored
        if updateMask.contains("bindings") { result.bindings = policy.bindings }
        if updateMask.contains("auditConfigs") { result.extra["auditConfigs"] = policy.extra["auditConfigs"] }
        if updateMask.contains("version") || updateMask.contains("bindings") { result.version = policy.version }
        return result
    }
}
