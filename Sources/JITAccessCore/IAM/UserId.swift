/// A signed-in person, identified by e-mail address.
///
/// Google compares e-mail addresses case-insensitively, so the address is kept in lower case.
public struct UserId: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The e-mail address, lower-cased.
    public let email: String

    /// Accepts a plausible e-mail address: one `@`, a local part and a domain, no white space or
    /// control characters, at most 254 characters. Returns `nil` otherwise.
    public init?(_ email: String) {
        // Nearly every address is printable ASCII: checked byte by byte, it needs neither
        // trimming nor the character checks below.
        let plain = Self.isPlainASCII(email)
        let trimmed = plain ? email : email.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 254 else { return nil }
        let shaped = plain
            ? Self.hasAddressShape(trimmed.utf8, at: UInt8(ascii: "@"), dot: UInt8(ascii: "."))
            : Self.hasAddressShape(trimmed, at: "@", dot: ".")
        guard shaped else { return nil }
        // Scalar by scalar: a prepended or combining scalar hides `<` or `"` inside a grapheme
        // that is not equal to it.
        if !plain {
            for scalar in trimmed.unicodeScalars {
                if scalar.properties.isWhitespace || HazardousCharacter.kind(of: scalar) != nil || (scalar.isASCII && Self.forbiddenBytes.contains(UInt8(scalar.value))) {
                    return nil
                }
            }
        }
        self.email = trimmed.lowercased()
    }

    /// One `at` between a non-empty local part and a domain with a `dot` inside it.
    private static func hasAddressShape<Text: BidirectionalCollection>(_ text: Text, at: Text.Element, dot: Text.Element) -> Bool where Text.Element: Equatable {
        let parts = text.split(separator: at, omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last else { return false }
        return !local.isEmpty && domain.contains(dot) && domain.first != dot && domain.last != dot
    }

    private static let forbiddenBytes: [UInt8] = Array(#"<>()[],;:\"/'`"#.utf8)

    /// True when every byte is printable ASCII other than white space and the characters an
    /// address cannot hold.
    private static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !forbiddenBytes.contains($0) }
    }

    /// The domain part of the address.
    public var domain: Substring { email[email.index(after: email.firstIndex(of: "@")!)...] }

    /// The IAM principal of this user: `user:EMAIL`.
    public var principal: Principal { Principal(kind: .user, identifier: email) }

    public var description: String { email }

    public static func < (lhs: UserId, rhs: UserId) -> Bool { lhs.email < rhs.email }
}

extension UserId: Codable {
    /// Reads an e-mail address, refusing one ``init(_:)`` refuses.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = UserId(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(raw)' is not a valid e-mail address"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(email)
    }
}
