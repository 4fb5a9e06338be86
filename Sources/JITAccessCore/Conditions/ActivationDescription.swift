/// The description of an activation binding: who approved it, for which request, and why.
///
/// The format is JIT Access 1.x's, `Self-approved, justification: TEXT` or
/// `Approved by EMAIL, justification: TEXT`, with the request id added after the approver
/// (`Approved by EMAIL, request mpa-…, justification: TEXT`) so that a request whose activation
/// exists is recognised and never written twice. The whole text stays within one budget,
/// ``maxBytes``, shared by everything that writes descriptions (docs/iam-limits.md).
public struct ActivationDescription: Sendable, Equatable {
    /// The most UTF-8 bytes a description may have.
    public static let maxBytes = 256

    /// Who approved the activation; `nil` when the beneficiary approved it themselves.
    public let approver: UserId?
    /// The peer-approval request the activation was written for, if any.
    public let requestId: String?
    public let justification: String

    /// A self-approved activation's description.
    public static func selfApproved(justification: String) -> ActivationDescription {
        ActivationDescription(approver: nil, requestId: nil, justification: justification)
    }

    /// A peer-approved activation's description.
    public static func approved(by approver: UserId, request requestId: String, justification: String) -> ActivationDescription {
        ActivationDescription(approver: approver, requestId: requestId, justification: justification)
    }

    private init(approver: UserId?, requestId: String?, justification: String) {
        self.approver = approver
        self.requestId = requestId
        self.justification = justification
    }

    private static let selfPrefix = "Self-approved, "
    private static let approverPrefix = "Approved by "
    private static let requestPrefix = "request "
    private static let justificationPrefix = "justification: "

    /// The description as written, at most ``maxBytes`` bytes: a justification that does not
    /// fit is shortened at a scalar boundary and ends in `…` (the audit log and the token keep
    /// it whole).
    public var text: String {
        var head = approver.map { Self.approverPrefix + $0.email + ", " } ?? Self.selfPrefix
        if let requestId { head += Self.requestPrefix + requestId + ", " }
        head += Self.justificationPrefix
        let room = Self.maxBytes - head.utf8.count
        guard justification.utf8.count > room else { return head + justification }
        return Self.prefix(of: head + justification, bytes: Self.maxBytes - 3) + "…"
    }

    /// The longest prefix of `text` that has at most `bytes` UTF-8 bytes and ends between scalars.
    private static func prefix(of text: String, bytes: Int) -> String {
        var result = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            used += UTF8.width(scalar)
            guard used <= bytes else { break }
            result.append(scalar)
        }
        return String(result)
    }

    /// Reads a description written by jitaccess or JIT Access 1.x; `nil` for anything else.
    public init?(parsing text: String) {
        var rest = Substring(text)
        if rest.hasPrefix(Self.selfPrefix) {
            rest = rest.dropFirst(Self.selfPrefix.utf8.count)
            approver = nil
        } else if rest.hasPrefix(Self.approverPrefix) {
            rest = rest.dropFirst(Self.approverPrefix.utf8.count)
            // An address holds no comma, so the first one ends it.
            guard let comma = rest.firstIndex(of: ","), let approver = UserId(String(rest[..<comma])) else { return nil }
            self.approver = approver
            rest = rest[comma...].dropFirst(2)
        } else {
            return nil
        }
        if rest.hasPrefix(Self.requestPrefix) {
            rest = rest.dropFirst(Self.requestPrefix.utf8.count)
            guard let comma = rest.firstIndex(of: ",") else { return nil }
            requestId = String(rest[..<comma])
            rest = rest[comma...].dropFirst(2)
        } else {
            requestId = nil
        }
        guard rest.hasPrefix(Self.justificationPrefix) else { return nil }
        justification = String(rest.dropFirst(Self.justificationPrefix.utf8.count))
    }
}
