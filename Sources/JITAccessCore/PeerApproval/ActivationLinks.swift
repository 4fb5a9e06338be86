/// Builds the links that carry activation tokens, and reads tokens back from them.
///
/// Like JIT Access 1.x, a link may obfuscate the token (drop the leading `ey`, `.ey` becomes
/// `~~`, `.` becomes `~`) so that mail filters do not take it for a credential; that is
/// cosmetic, not security.
public struct ActivationLinks: Sendable {
    /// The service's public address, such as `https://jit.example.com` (no trailing slash).
    public let baseURL: String

    public init(baseURL: String) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// The page where reviewers approve, and where the requester and reviewers see the state
    /// of the request: `BASE_URL/?activation=TOKEN`.
    public func approvalLink(for token: String) -> String {
        "\(baseURL)/?activation=\(Self.obfuscate(token))"
    }

    /// The link the requester follows to see the state of the request.
    public func statusLink(for token: String) -> String {
        approvalLink(for: token)
    }

    /// The token as written into links.
    public static func obfuscate(_ token: String) -> String {
        var text = Substring(token)
        if text.hasPrefix("ey") { text = text.dropFirst(2) }
        return String(text).replacingAll(".ey", with: "~~").replacingAll(".", with: "~")
    }

    /// The token from a link parameter, obfuscated or not.
    public static func deobfuscate(_ parameter: String) -> String {
        guard !parameter.hasPrefix("ey") else { return parameter }
        return "ey" + parameter.replacingAll("~~", with: ".ey").replacingAll("~", with: ".")
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
