import Foundation
import JITAccessCore
import _CryptoExtras

/// A service-account key file as the Cloud console and `gcloud iam service-accounts keys create`
/// write it (`{"type": "service_account", "client_email", "private_key", "private_key_id",
/// "token_uri", ...}`), named by `GOOGLE_APPLICATION_CREDENTIALS`.
public struct ServiceAccountKey: Sendable {
    /// The variable that names the key file; every problem with the file is reported under it.
    public static let variable = "GOOGLE_APPLICATION_CREDENTIALS"
    /// A key file is about 2.3 KB; anything much larger is not one.
    static let maximumFileSize = 64 * 1024

    /// The service account the key belongs to: who the tokens are for.
    public let clientEmail: String
    /// The key's id, sent as `kid` so that Google knows which of the account's keys signed.
    public let privateKeyId: String
    /// Where assertions are exchanged for access tokens, such as `https://oauth2.googleapis.com/token`.
    public let tokenURI: String
    let privateKey: _RSA.Signing.PrivateKey

    /// The key in the file at `path`. Throws naming ``variable`` and what is wrong with the file.
    public init(path: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Self.problem("'\(path)' cannot be read; name a readable service-account key file (JSON)")
        }
        guard data.count <= Self.maximumFileSize else {
            throw Self.problem("'\(path)' is larger than \(Self.maximumFileSize / 1024) KB, so it is not a service-account key file")
        }
        try self.init(json: data, origin: path)
    }

    /// The key in `json`; `origin` names it in messages (usually the file's path).
    public init(json: Data, origin: String) throws(ConfigurationError) {
        struct File: Decodable {
            let type: String?
            let client_email: String?
            let private_key: String?
            let private_key_id: String?
            let token_uri: String?
        }
        guard let file = try? JSONDecoder().decode(File.self, from: json) else {
            throw Self.problem("'\(origin)' is not a JSON key file; download one with gcloud iam service-accounts keys create")
        }
        guard file.type == "service_account" else {
            throw Self.problem("'\(origin)' holds \(file.type.map { "a credential of type '\($0)'" } ?? "no \"type\""), not a service-account key (\"type\": \"service_account\")")
        }
        guard let email = file.client_email, UserId(email) != nil else {
            throw Self.problem("'\(origin)' has no valid \"client_email\"")
        }
        guard let id = file.private_key_id, !id.isEmpty else {
            throw Self.problem("'\(origin)' has no \"private_key_id\"")
        }
        guard let pem = file.private_key, let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) else {
            throw Self.problem("'\(origin)' has no \"private_key\" holding an RSA private key of 2048 bits or more in PEM form")
        }
        guard let tokenURI = file.token_uri, tokenURI.hasPrefix("https://") || tokenURI.hasPrefix("http://"), !tokenURI.contains(where: \.isWhitespace) else {
            throw Self.problem("'\(origin)' has no \"token_uri\" that is an http:// or https:// URL")
        }
        clientEmail = email
        privateKeyId = id
        self.tokenURI = tokenURI
        privateKey = key
    }

    private static func problem(_ message: String) -> ConfigurationError {
        ConfigurationError(variable: variable, message: message)
    }

    /// The JWT-bearer assertion (RFC 7523) asking for `scope`, issued at `now` for an hour:
    /// RS256 over `{"iss","scope","aud","iat","exp"}` with this key, `kid` its id.
    func assertion(scope: String, now: Timestamp) throws -> String {
        struct Header: Encodable {
            let alg = "RS256"
            let typ = "JWT"
            let kid: String
        }
        struct Claims: Encodable {
            let iss: String
            let scope: String
            let aud: String
            let iat: Int64
            let exp: Int64
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let claims = Claims(iss: clientEmail, scope: scope, aud: tokenURI, iat: now.secondsSinceEpoch, exp: now.secondsSinceEpoch + 3600)
        let signingInput = try "\(Base64URL.encode(encoder.encode(Header(kid: privateKeyId)))).\(Base64URL.encode(encoder.encode(claims)))"
        let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return "\(signingInput).\(Base64URL.encode(signature.rawRepresentation))"
    }

}
