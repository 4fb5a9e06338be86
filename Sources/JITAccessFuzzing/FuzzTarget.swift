/// The parsers that read what arrives from outside, each as a libFuzzer target: it takes
/// arbitrary bytes, must never crash on them, and checks the promises its parser makes (round
/// trips, canonical forms, results that parse again).
///
/// The raw value names the target on the command line (`scripts/fuzz condition`) and its seed
/// corpus folder (`Fuzz/Corpus/condition`). docs/fuzzing.md says what each one covers.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// IAM condition expressions: the reader, the eligibility classifier, resource and activation conditions.
    case condition
    /// Entitlement ids (`PROJECT:ROLE[:BASE64URL-CONDITION]`).
    case entitlementId = "entitlement-id"
    /// The `?activation=` parameter of a link, down to the request its token's claims describe.
    case activationLink = "activation-link"
    /// Compact JWS activation tokens: the parser and the verifier (ES256 and RS256).
    case jws
    /// The embedded IAM's cloud file: JSON syntax report, decoding, validation and writing.
    case cloudFile = "cloud-file"
    /// Replacing one value in a JSON document byte for byte, and finding what another write changed.
    case jsonSplice = "json-splice"
    /// `application/x-www-form-urlencoded` bodies and the fields the pages read from them.
    case formBody = "form-body"
    /// Request targets (path and query) and the query parameters the pages read.
    case query
    /// `Cookie` headers and the demo session cookie.
    case cookie
    /// The CSRF tokens of forms (one line: the token; the next: the user or sign-in nonce).
    case formToken = "form-token"
    /// Identity-Aware Proxy assertions: the verifier and the claims reader.
    case iapAssertion = "iap-assertion"
    /// What an SMTP server sends, split into replies, and the EHLO extensions read from them.
    case smtpReply = "smtp-reply"

    /// Feeds `bytes` to the target's parser. Throws ``InvariantViolation`` when the parser
    /// breaks one of its promises on them; a crash is a finding too.
    public func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        switch self {
        case .condition: try ConditionTarget.run(bytes)
        case .entitlementId: try EntitlementIdTarget.run(bytes)
        case .activationLink: try ActivationLinkTarget.run(bytes)
        case .jws: try CompactJWSTarget.run(bytes)
        case .cloudFile: try CloudFileTarget.run(bytes)
        case .jsonSplice: try JSONSpliceTarget.run(bytes)
        case .formBody: try FormBodyTarget.run(bytes)
        case .query: try QueryTarget.run(bytes)
        case .cookie: try CookieTarget.run(bytes)
        case .formToken: try FormTokenTarget.run(bytes)
        case .iapAssertion: try IAPAssertionTarget.run(bytes)
        case .smtpReply: try SMTPReplyTarget.run(bytes)
        }
    }
}
