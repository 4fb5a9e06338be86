import JITAccessCore

/// Entitlement ids, which clients send back as they were listed: `PROJECT:ROLE`, plus `:` and
/// the base64url of a resource condition.
///
/// An id that parses must print as an id that parses to the same entitlement, or a role listed
/// to a user could not be activated. Whether its resource condition reads back as itself is
/// the `condition` target's promise; here it is assumed, to check the id's own layout.
enum EntitlementIdTarget {
    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let id = EntitlementId(text) else { return }
        if let condition = id.resourceCondition, ResourceCondition(condition.expression) != condition { return }
        let reparsed = EntitlementId(id.description)
        try expect(reparsed == id, "the entitlement id \(id.description.debugDescription) (read from \(text.debugDescription)) does not read back as itself")
        try expect(EntitlementId.isRole(id.role), "the entitlement id \(text.debugDescription) names the role \(id.role.debugDescription), which is no role name")
    }
}
