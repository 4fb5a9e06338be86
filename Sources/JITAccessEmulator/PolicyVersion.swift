import JITAccessCore

/// How Google shows a policy to a caller that asked for version 0 or 1 (or for none): a policy
/// with conditional bindings comes back as version 1, each conditional binding's role renamed to
/// `ROLE_withcond_HASH` and its condition left out. Emulating this makes a client that forgets
/// `requestedPolicyVersion: 3` fail visibly instead of working only against the emulator.
enum PolicyVersion {
    static func view(of policy: IAMPolicy, requestedVersion: Int?) -> IAMPolicy {
        guard (requestedVersion ?? 1) < 3, policy.bindings.contains(where: { $0.condition != nil }) else { return policy }
        var legacy = policy
        legacy.version = 1
        legacy.bindings = policy.bindings.map { binding in
            guard let condition = binding.condition else { return binding }
            var renamed = binding
            renamed.condition = nil
            renamed.role = "\(binding.role)_withcond_\(hash(of: condition.expression + "\u{0}" + (condition.title ?? "")))"
            return renamed
        }
        return legacy
    }

    /// A stable hexadecimal hash (FNV-1a, 64 bits): the same condition always gets the same name.
    private static func hash(of text: String) -> String {
        let digest = text.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
        let hex = String(digest, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
