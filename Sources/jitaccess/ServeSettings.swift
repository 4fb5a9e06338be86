import JITAccessCore
import JITAccessGoogle
import JITAccessMail
import JITAccessWeb

/// Everything `jitaccess serve` reads from the environment before it contacts Google, checked at
/// once so that a bad value stops start-up with a message naming the variable.
struct ServeSettings: Sendable {
    /// The port to listen on: `--port`, else `PORT` (Cloud Run's convention), else 8080.
    let port: Int
    /// The address people open jitaccess at: `--base-url`, else `BASE_URL`.
    let baseURL: String
    let rules: ActivationRules
    /// `RATE_LIMIT_*`: how often a user may act and a person be mailed, per replica.
    let rateLimits: RateLimits
    let iap: IAPConfiguration
    let timeouts: BackendTimeouts
    /// `nil` when mail is off: neither `SMTP_HOST` nor `SMTP_SENDER_ADDRESS` is set.
    let mail: MailConfiguration?
    /// Signs the forms' CSRF tokens: from `CSRF_SECRET`, shared by every replica, or random.
    let formKey: SigningKey
    /// Whether `formKey` is random, so a form is only accepted by the replica that served it.
    let formKeyIsRandom: Bool

    /// The smallest `CSRF_SECRET`: 32 bytes, the size of the key.
    static let minimumSecretLength = 32

    init(_ source: ConfigurationSource, port portOption: Int?, baseURL baseURLOption: String?) throws(ConfigurationError) {
        if let portOption {
            port = portOption
        } else {
            port = try source.integer("PORT", default: 8080, range: 0...65_535)
        }
        guard let address = baseURLOption ?? source.string("BASE_URL") else {
            throw ConfigurationError(
                variable: "BASE_URL",
                message: "is not set; set it (or --base-url) to the address people open jitaccess at, such as https://jit.example.com: the links in e-mails point there"
            )
        }
        guard let validated = ServiceAddress.validated(address) else {
            throw ConfigurationError(
                variable: "BASE_URL",
                message: "'\(address)' is not an http or https address without user name, query or fragment, such as https://jit.example.com"
            )
        }
        baseURL = validated
        rules = try ActivationRules(environment: source)
        rateLimits = try RateLimits(environment: source)
        iap = try IAPConfiguration(source)
        timeouts = try BackendTimeouts(source)
        mail = try Self.mail(source)
        if let secret = source.string("CSRF_SECRET") {
            guard let key = SigningKey(bytes: Array(secret.utf8)) else {
                throw ConfigurationError(
                    variable: "CSRF_SECRET",
                    message: "has \(secret.utf8.count) bytes; use at least \(Self.minimumSecretLength) random ones, for example the output of: openssl rand -base64 33"
                )
            }
            formKey = key
            formKeyIsRandom = false
        } else {
            formKey = .random()
            formKeyIsRandom = true
        }
    }

    /// Mail as JIT Access 1.x sends it: on once `SMTP_SENDER_ADDRESS` is set, through `SMTP_HOST`
    /// (default smtp.gmail.com). Other SMTP settings without a sender are a mistake worth naming,
    /// not a reason to go quiet.
    private static func mail(_ source: ConfigurationSource) throws(ConfigurationError) -> MailConfiguration? {
        guard source.string("SMTP_HOST") != nil || source.string("SMTP_SENDER_ADDRESS") != nil else {
            if let stray = smtpVariables.first(where: { source.string($0) != nil }) {
                throw ConfigurationError(
                    variable: "SMTP_SENDER_ADDRESS",
                    message: "is not set, but \(stray) is; set SMTP_SENDER_ADDRESS (and SMTP_HOST, default smtp.gmail.com) to send mail, or unset \(stray)"
                )
            }
            return nil
        }
        return try MailConfiguration(environment: source.defaulting("SMTP_HOST", to: "smtp.gmail.com"))
    }

    private static let smtpVariables = [
        "SMTP_PORT", "SMTP_ENABLE_STARTTLS", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_SENDER_NAME", "SMTP_TRUSTED_CA_FILE",
    ]
}
