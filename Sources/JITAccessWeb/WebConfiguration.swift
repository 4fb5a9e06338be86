import Hummingbird
import JITAccessCore
import Logging

/// How the web application is set up.
public struct WebConfiguration: Sendable {
    /// The address to listen on.
    public var hostname: String
    /// The port to listen on; 0 picks a free one.
    public var port: Int
    /// Where identity comes from; demo identity exists only in ``IdentityMode/demo``.
    public var identity: IdentityMode
    /// The rules every activation request must pass.
    public var rules: ActivationRules
    /// Signs CSRF tokens and demo sessions; share it between processes that serve the same users.
    public var signingKey: SigningKey
    /// Reported by `GET /api/policy` and shown in the page footer.
    public var applicationVersion: String
    /// The address people reach the service at, such as `https://jit.example.com`: the links in
    /// e-mails point there. Defaults to `http://HOSTNAME:PORT`.
    public var baseURL: String
    /// The Google Cloud project whose Cloud Trace the audit lines refer to (from the request's
    /// `X-Cloud-Trace-Context`); `nil` writes no trace.
    public var traceProject: String?
    /// How often one user may self-activate, request and approve, and one person be mailed;
    /// held per process.
    public var rateLimits: RateLimits

    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, identity: IdentityMode, rules: ActivationRules,
        signingKey: SigningKey, applicationVersion: String = "0.1.0", baseURL: String? = nil, traceProject: String? = nil,
        rateLimits: RateLimits = .defaults
    ) {
        self.traceProject = traceProject
        self.rateLimits = rateLimits
        self.hostname = hostname
        self.port = port
        self.identity = identity
        self.rules = rules
        self.signingKey = signingKey
        self.applicationVersion = applicationVersion
        self.baseURL = baseURL ?? "http://\(hostname.contains(":") ? "[\(hostname)]" : hostname):\(port)"
    }
}
