import JITAccessCore

/// How Identity-Aware Proxy assertions are checked: where IAP's public keys are and which
/// audience an assertion must carry.
///
/// Variables, as JIT Access 1.x reads them plus two of jitaccess's own:
/// - `IAP_AUDIENCE`: the expected audience, verbatim (any IAP deployment, including Cloud Run's
///   `/projects/NUMBER/locations/REGION/services/NAME`). When unset, it is derived:
/// - `IAP_BACKEND_SERVICE_ID` set: `/projects/NUMBER/global/backendServices/ID` (load balancer);
///   otherwise `/projects/NUMBER/apps/GOOGLE_CLOUD_PROJECT` (App Engine).
/// - `GOOGLE_CLOUD_PROJECT_NUMBER`: the NUMBER above. JIT Access 1.x asks the metadata server;
///   jitaccess reads it from this variable (`gcloud projects describe PROJECT --format='value(projectNumber)'`).
/// - `IAP_VERIFY_AUDIENCE=false`: accept any audience (for instance behind several backends).
/// - `IAP_PUBLIC_KEYS_URL`: IAP's JWKS, by default `https://www.gstatic.com/iap/verify/public_key-jwk`.
public struct IAPConfiguration: Sendable, Equatable {
    /// Where Google publishes IAP's signing keys.
    public static let defaultPublicKeysURL = "https://www.gstatic.com/iap/verify/public_key-jwk"

    /// The audience check.
    public enum Audience: Sendable, Equatable {
        /// The assertion's `aud` must be exactly this.
        case expected(String)
        /// Any audience is accepted (`IAP_VERIFY_AUDIENCE=false`).
        case unchecked
    }

    /// The audience check to apply.
    public var audience: Audience
    /// The URL of IAP's JSON Web Key Set.
    public var publicKeysURL: String

    /// A configuration with `audience` and the keys at `publicKeysURL`.
    public init(audience: Audience, publicKeysURL: String = Self.defaultPublicKeysURL) {
        self.audience = audience
        self.publicKeysURL = publicKeysURL
    }

    /// The configuration `source` describes. Throws naming the variable that is missing or malformed.
    public init(_ source: ConfigurationSource) throws(ConfigurationError) {
        let keysURL = source.string("IAP_PUBLIC_KEYS_URL") ?? Self.defaultPublicKeysURL
        guard keysURL.hasPrefix("https://") || keysURL.hasPrefix("http://") else {
            throw ConfigurationError(variable: "IAP_PUBLIC_KEYS_URL", message: "'\(keysURL)' is not an http:// or https:// URL")
        }
        publicKeysURL = keysURL
        if try !source.boolean("IAP_VERIFY_AUDIENCE", default: true) {
            audience = .unchecked
        } else if let explicit = source.string("IAP_AUDIENCE") {
            guard explicit.hasPrefix("/projects/") else {
                throw ConfigurationError(
                    variable: "IAP_AUDIENCE",
                    message: "'\(explicit)' is not an IAP audience; it starts with /projects/, for example /projects/123456789/global/backendServices/987654321"
                )
            }
            audience = .expected(explicit)
        } else {
            audience = .expected(try Self.derivedAudience(source))
        }
    }

    /// The audience JIT Access 1.x expects: the backend service's when one is named, else App Engine's.
    private static func derivedAudience(_ source: ConfigurationSource) throws(ConfigurationError) -> String {
        let numberVariable = "GOOGLE_CLOUD_PROJECT_NUMBER"
        guard let number = source.string(numberVariable) else {
            throw ConfigurationError(
                variable: numberVariable,
                message: "is not set; set it to the project number (gcloud projects describe PROJECT --format='value(projectNumber)'), or set IAP_AUDIENCE, or IAP_VERIFY_AUDIENCE=false"
            )
        }
        guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit) else {
            throw ConfigurationError(variable: numberVariable, message: "'\(number)' is not a project number; it is all digits, for example 123456789012")
        }
        if let backendService = source.string("IAP_BACKEND_SERVICE_ID") {
            guard backendService.allSatisfy(\.isASCIIDigit) else {
                throw ConfigurationError(
                    variable: "IAP_BACKEND_SERVICE_ID",
                    message: "'\(backendService)' is not a backend service id; it is all digits (gcloud compute backend-services describe NAME --global --format='value(id)')"
                )
            }
            return "/projects/\(number)/global/backendServices/\(backendService)"
        }
        guard let project = source.string("GOOGLE_CLOUD_PROJECT") else {
            throw ConfigurationError(
                variable: "GOOGLE_CLOUD_PROJECT",
                message: "is not set; it names the App Engine app behind IAP. Behind a load balancer set IAP_BACKEND_SERVICE_ID instead, or set IAP_AUDIENCE"
            )
        }
        return "/projects/\(number)/apps/\(project)"
    }
}

extension Character {
    /// Whether this is one of 0-9; `isNumber` would also accept other scripts' digits.
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
