/// The address people open jitaccess at (`--base-url`).
enum ServiceAddress {
    /// `text` without trailing slashes when it is an `http` or `https` URL with a host and no
    /// user information, query or fragment; `nil` otherwise.
    static func validated(_ text: String) -> String? {
        var address = Substring(text)
        while address.hasSuffix("/") { address = address.dropLast() }
        let lowered = address.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lowered.hasPrefix($0) }) else { return nil }
        let authority = address.dropFirst(scheme.count).prefix { $0 != "/" }
        guard !authority.isEmpty, !authority.hasPrefix(":"),
              !address.contains(where: { "@?#\\\"'<> ".contains($0) || $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true })
        else { return nil }
        return String(address)
    }

    /// A host as written in a URL: IPv6 addresses go in brackets.
    static func urlHost(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }
}
