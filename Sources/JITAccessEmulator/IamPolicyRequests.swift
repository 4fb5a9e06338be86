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

/// Parsing of JSON request bodies with Google's strictness and messages.
enum RequestJSON {
    /// The top-level object of `bytes`, `nil` for an empty body; refuses other JSON and unknown fields.
    static func object(_ bytes: Data, known: Set<String>) throws(GoogleAPIError) -> [String: JSONValue]? {
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { return nil }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: bytes)
        } catch {
            throw .invalidArgument("Invalid JSON payload received. \(describe(error))")
        }
        guard case .object(let fields) = value else {
            throw .invalidArgument("Invalid JSON payload received. Expected an object at the top level.")
        }
        try refuseUnknown(in: fields, known: known, at: "")
        return fields
    }

    static func refuseUnknown(in fields: [String: JSONValue], known: Set<String>, at prefix: String) throws(GoogleAPIError) {
        if let unknown = fields.keys.filter({ !known.contains($0) }).sorted().first {
            throw .invalidArgument("Invalid JSON payload received. Unknown name \"\(prefix)\(unknown)\": Cannot find field.")
        }
    }

    /// `value` as compact JSON, to quote it in a message.
    static func text(_ value: JSONValue) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }

    /// A decoding error in words, with the path of the bad value.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return "\(error)"
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? context.debugDescription : "\(path.dropFirst(path.hasPrefix(".") ? 1 : 0)): \(context.debugDescription)"
    }
}
