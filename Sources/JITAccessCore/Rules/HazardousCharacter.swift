/// A Unicode scalar that changes how the text around it is read or shown, and so has no place
/// in a one-line text that people must be able to trust, such as a justification.
///
/// Checked scalar by scalar: a Swift `Character` (a grapheme cluster) hides exactly these
/// scalars inside its neighbours.
public struct HazardousCharacter: Sendable, Equatable, CustomStringConvertible {
    /// What makes a scalar hazardous.
    public enum Kind: Sendable, Equatable {
        /// A control character (category Cc), including line breaks and tabs.
        case control
        /// A line or paragraph separator (U+2028, U+2029).
        case separator
        /// An invisible formatting character (category Cf): bidirectional overrides and
        /// isolates, zero-width joiners, the soft hyphen, prepended number signs.
        case format
        /// A prepended concatenation mark (Grapheme_Cluster_Break=Prepend) that merges with the
        /// character after it into one grapheme.
        case prepend
        /// A private-use, unassigned or noncharacter code point, which shows differently on
        /// every system and may become any of the above in a later Unicode version.
        case unassigned
    }

    public let scalar: Unicode.Scalar
    public let kind: Kind
    /// The 1-based position of the scalar in the text, counted in Unicode scalars.
    public let position: Int

    /// The first hazardous scalar of `text`, or `nil` when there is none.
    public static func first(in text: some StringProtocol) -> HazardousCharacter? {
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if let kind = kind(of: scalar) {
                return HazardousCharacter(scalar: scalar, kind: kind, position: offset + 1)
            }
        }
        return nil
    }

    /// Why `scalar` is hazardous, or `nil` when it is not.
    public static func kind(of scalar: Unicode.Scalar) -> Kind? {
        // Printable ASCII, the common case, needs no Unicode tables.
        if scalar.value >= 0x20 && scalar.value < 0x7F { return nil }
        if scalar == "\u{2028}" || scalar == "\u{2029}" { return .separator }
        if prepend.contains(where: { $0.contains(scalar.value) }) { return .prepend }
        switch scalar.properties.generalCategory {
        case .control: return .control
        case .format: return .format
        case .privateUse, .unassigned, .surrogate: return .unassigned
        default: return scalar.properties.isNoncharacterCodePoint ? .unassigned : nil
        }
    }

    /// Grapheme_Cluster_Break=Prepend scalars that are not also format characters (Unicode's
    /// GraphemeBreakProperty.txt); U+11A3A was one until Unicode 15.1 and is kept for older readers.
    private static let prepend: [ClosedRange<UInt32>] = [
        0x0D4E...0x0D4E, 0x111C2...0x111C3, 0x113D1...0x113D1, 0x1193F...0x1193F, 0x11941...0x11941,
        0x11A3A...0x11A3A, 0x11A84...0x11A89, 0x11D46...0x11D46, 0x11F02...0x11F02,
    ]

    /// `U+0600 ARABIC NUMBER SIGN`.
    public var codePoint: String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - hex.utf8.count)) + hex
        guard let name = scalar.properties.name else { return "U+\(padded)" }
        return "U+\(padded) \(name)"
    }

    /// What the character is, in words, for error messages.
    public var explanation: String {
        switch kind {
        case .control: "a control character"
        case .separator: "a line break"
        case .format: "an invisible formatting character"
        case .prepend: "a character that merges with the one after it"
        case .unassigned: "a private-use or unassigned character"
        }
    }

    public var description: String { "\(codePoint) (\(explanation)) at position \(position)" }
}
