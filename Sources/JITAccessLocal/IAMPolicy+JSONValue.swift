import JITAccessCore

extension JSONValue {
    /// A policy as JSON, with the fields jitaccess does not model kept. Built directly rather
    /// than through an encoder and decoder, because policies can hold many bindings.
    package init(_ policy: IAMPolicy) {
        var fields = policy.extra
        fields["version"] = .number(Double(policy.version))
        fields["etag"] = policy.etag.map(JSONValue.string)
        fields["bindings"] = .array(policy.bindings.map(JSONValue.init))
        self = .object(fields)
    }

    init(_ binding: IAMBinding) {
        var fields = binding.extra
        fields["role"] = .string(binding.role)
        fields["members"] = .array(binding.members.map(JSONValue.string))
        fields["condition"] = binding.condition.map(JSONValue.init)
        self = .object(fields)
    }

    init(_ condition: IAMCondition) {
        var fields = condition.extra
        fields["title"] = condition.title.map(JSONValue.string)
        fields["description"] = condition.description.map(JSONValue.string)
        fields["expression"] = .string(condition.expression)
        self = .object(fields)
    }
}
