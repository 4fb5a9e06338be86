/// Whether an entitlement is in use.
public enum EntitlementStatus: String, Sendable, Codable {
    case inactive = "INACTIVE"
    case active = "ACTIVE"
    case activationPending = "ACTIVATION_PENDING"
}

/// What an entitlement is about: a role on a project, under an optional resource condition.
///
/// Its string form is JIT Access 1.8.1's: `PROJECT:ROLE`, plus `:` and the base64url of the
/// resource condition when there is one. Clients treat it as opaque.
public struct EntitlementId: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let project: ProjectId
    public let role: String
    public let resourceCondition: ResourceCondition?

    public init(project: ProjectId, role: String, resourceCondition: ResourceCondition?) {
        self.project = project
        self.role = role
        self.resourceCondition = resourceCondition
    }

    /// Parses the string form; `nil` when it is not one.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let roleIndex = parts.firstIndex(where: { Self.isRole($0) }), roleIndex > 0,
              parts.count - roleIndex <= 2,
              let project = ProjectId(parts[..<roleIndex].joined(separator: ":"))
        else { return nil }
        self.project = project
        self.role = String(parts[roleIndex])
        if parts.count - roleIndex == 2 {
            guard let text = Base64URL.decode(String(parts[roleIndex + 1])).flatMap({ String(validating: $0, as: UTF8.self) }),
                  let condition = ResourceCondition(text)
            else { return nil }
            self.resourceCondition = condition
        } else {
            self.resourceCondition = nil
        }
    }

    /// Role names: `roles/NAME`, `projects/ID/roles/NAME` or `organizations/NUMBER/roles/NAME`.
    public static func isRole(_ text: some StringProtocol) -> Bool {
        let parts = String(text).split(separator: "/", omittingEmptySubsequences: false)
        let allowed = { (part: Substring) in
            !part.isEmpty && part.utf8.count <= 128
                && part.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
        }
        switch parts.count {
        case 2: return parts[0] == "roles" && allowed(parts[1])
        case 4: return (parts[0] == "projects" || parts[0] == "organizations") && allowed(parts[1]) && parts[2] == "roles" && allowed(parts[3])
        default: return false
        }
    }

    public var description: String {
        var text = "\(project.id):\(role)"
        if let resourceCondition {
            text += ":" + Base64URL.encode(Array(resourceCondition.expression.utf8))
        }
        return text
    }

    public static func < (lhs: EntitlementId, rhs: EntitlementId) -> Bool {
        (lhs.project, lhs.role, lhs.resourceCondition?.expression ?? "") < (rhs.project, rhs.role, rhs.resourceCondition?.expression ?? "")
    }
}

/// Something a user may activate, with its current state.
public struct Entitlement: Sendable, Equatable {
    public let id: EntitlementId
    public let activationType: ActivationType
    public let status: EntitlementStatus
    /// When the current activation ends, if one is active.
    public let validUntil: Timestamp?

    public init(id: EntitlementId, activationType: ActivationType, status: EntitlementStatus, validUntil: Timestamp?) {
        self.id = id
        self.activationType = activationType
        self.status = status
        self.validUntil = validUntil
    }

    /// The role, as shown to people.
    public var name: String { id.role }
}

/// Unpadded base64url, as used in entitlement ids.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0...chunk.count {
                output.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var lookup = [UInt8: UInt32]()
        for (index, byte) in alphabet.enumerated() { lookup[byte] = UInt32(index) }
        let bytes = Array(text.utf8)
        guard bytes.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 4, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() {
                guard let sextet = lookup[byte] else { return nil }
                value |= sextet << (18 - 6 * UInt32(offset))
            }
            for position in 0..<(chunk.count - 1) {
                output.append(UInt8((value >> (16 - 8 * UInt32(position))) & 0xFF))
            }
            index += 4
        }
        return output
    }
}
