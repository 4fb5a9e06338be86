import JITAccessCore
import NIOSSL

/// The SMTP server jitaccess sends mail through, and how.
public struct SMTPConfiguration: Sendable {
    /// A user name and password for SMTP AUTH.
    public struct Credentials: Sendable {
        public var username: String
        public var password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    public var host: String
    public var port: Int
    /// Upgrade the connection with STARTTLS before anything else is sent, and fail when the
    /// server does not offer it. Only when this is off explicitly may mail, or a password, go
    /// unencrypted.
    public var startTLS: Bool
    /// AUTH is used only when these are set.
    public var credentials: Credentials?
    /// Certificates trusted besides the system's (a private CA, or a test server's self-signed
    /// certificate). The server's certificate and host name are always verified.
    public var additionalTrustedCertificates: [NIOSSLCertificate]
    public var connectTimeout: Duration
    /// How long to wait for each reply of the server.
    public var commandTimeout: Duration

    public init(
        host: String, port: Int = 587, startTLS: Bool = true, credentials: Credentials? = nil,
        additionalTrustedCertificates: [NIOSSLCertificate] = [],
        connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.startTLS = startTLS
        self.credentials = credentials
        self.additionalTrustedCertificates = additionalTrustedCertificates
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// Reads `SMTP_HOST` (unset: no SMTP, `nil`), `SMTP_PORT` (587), `SMTP_ENABLE_STARTTLS` (true),
    /// `SMTP_USERNAME` and `SMTP_PASSWORD` (both or neither), and `SMTP_TRUSTED_CA_FILE`: a PEM
    /// file of extra certificates to trust, for a private CA or a test server.
    public init?(environment: ConfigurationSource) throws(ConfigurationError) {
        guard let host = environment.string("SMTP_HOST") else { return nil }
        guard host.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "/" && $0 != "@" }) else {
            throw ConfigurationError(variable: "SMTP_HOST", message: "'\(host)' is not a host name or IP address, such as smtp.example.com")
        }
        let port = try environment.integer("SMTP_PORT", default: 587, range: 1...65_535)
        let startTLS = try environment.boolean("SMTP_ENABLE_STARTTLS", default: true)
        var credentials: Credentials?
        switch (environment.string("SMTP_USERNAME"), environment.string("SMTP_PASSWORD")) {
        case (let username?, let password?):
            credentials = Credentials(username: username, password: password)
        case (nil, nil):
            credentials = nil
        case (nil, _?):
            throw ConfigurationError(variable: "SMTP_USERNAME", message: "SMTP_PASSWORD is set but SMTP_USERNAME is not; set both, or neither to send without AUTH")
        case (_?, nil):
            throw ConfigurationError(variable: "SMTP_PASSWORD", message: "SMTP_USERNAME is set but SMTP_PASSWORD is not; set both, or neither to send without AUTH")
        }
        var certificates: [NIOSSLCertificate] = []
        if let file = environment.string("SMTP_TRUSTED_CA_FILE") {
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(file)
            } catch {
                throw ConfigurationError(variable: "SMTP_TRUSTED_CA_FILE", message: "cannot read PEM certificates from \(file): \(error)")
            }
            guard !certificates.isEmpty else {
                throw ConfigurationError(variable: "SMTP_TRUSTED_CA_FILE", message: "\(file) holds no PEM certificate")
            }
        }
        self.init(host: host, port: port, startTLS: startTLS, credentials: credentials, additionalTrustedCertificates: certificates)
    }

    /// TLS for STARTTLS: the system's trust roots plus the extra certificates, full verification.
    func makeTLSContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if !additionalTrustedCertificates.isEmpty {
            tls.additionalTrustRoots = [.certificates(additionalTrustedCertificates)]
        }
        return try NIOSSLContext(configuration: tls)
    }
}
