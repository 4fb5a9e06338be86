/// What a server announces in its EHLO reply (RFC 5321 section 4.1.1.1): one extension per line
/// after the first, a keyword and its parameters.
package struct SMTPExtensions: Sendable, Equatable {
    package enum AuthMechanism: Sendable, Equatable {
        case plain, login
    }

    /// Upper-cased keyword -> parameters.
    private let parameters: [String: [String]]

    package init(ehloReply reply: SMTPReply) {
        var parameters: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            // Old servers write `AUTH=PLAIN LOGIN`.
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            parameters[keyword, default: []] += words.dropFirst()
        }
        self.parameters = parameters
    }

    var supportsStartTLS: Bool { parameters["STARTTLS"] != nil }

    /// The SASL mechanisms after `AUTH`.
    var authMechanisms: Set<String> { Set(parameters["AUTH"] ?? []) }

    /// PLAIN when offered (one round trip), else LOGIN, else `nil`.
    package var preferredAuthMechanism: AuthMechanism? {
        if authMechanisms.contains("PLAIN") { return .plain }
        if authMechanisms.contains("LOGIN") { return .login }
        return nil
    }
}
