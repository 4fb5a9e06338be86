import Foundation
import Hummingbird
import JITAccessCore

/// IAM v1's `projects.serviceAccounts.keys.create` (`POST /v1/projects/-/serviceAccounts/EMAIL/keys`):
/// hands out a key file whose `token_uri` is this emulator's `/token`, so that a client can be
/// run with `GOOGLE_APPLICATION_CREDENTIALS` against the emulator as against Google.
struct ServiceAccountKeysController<Context: RequestContext> {
    /// The body is at most `{"privateKeyType": ..., "keyAlgorithm": ...}`.
    static var maxBodySize: Int { 16 * 1024 }

    let keys: ServiceAccountKeys

    func register(on router: some RouterMethods<Context>) {
        // The account's parameter is named like signJwt's `call`: the router refuses two names for one position.
        router.post("/v1/projects/:id/serviceAccounts/:call/keys") { request, context in
            let email = try context.parameters.require("call")
            let account = try IAMCredentialsController<Context>.account(email.removingPercentEncoding ?? email)
            let body = Data(try await request.body.collect(upTo: Self.maxBodySize).readableBytesView)
            try Self.checkOptions(body)
            guard let host = request.head.authority else {
                throw GoogleAPIError.invalidArgument("The request has no Host header; the key file's token_uri is made from it.")
            }
            let file = try keys.createKeyFile(for: account, tokenURI: "http://\(host)/token")
            return try JSONResponse.ok([
                "name": "projects/-/serviceAccounts/\(account)/keys/\(file.id)",
                "privateKeyType": "TYPE_GOOGLE_CREDENTIALS_FILE",
                "privateKeyData": file.json.base64EncodedString(),
                "keyAlgorithm": "KEY_ALG_RSA_2048",
                "keyOrigin": "GOOGLE_PROVIDED",
                "keyType": "USER_MANAGED",
            ])
        }
    }

    /// Refuses options the emulator cannot honour: it makes JSON key files with 2048-bit RSA keys only.
    private static func checkOptions(_ body: Data) throws(GoogleAPIError) {
        guard let fields = try RequestJSON.object(body, known: ["privateKeyType", "keyAlgorithm"]) else { return }
        if let type = fields["privateKeyType"], type != .string("TYPE_GOOGLE_CREDENTIALS_FILE") {
            throw .invalidArgument("The emulator makes JSON key files only: privateKeyType must be TYPE_GOOGLE_CREDENTIALS_FILE, not \(RequestJSON.text(type)).")
        }
        if let algorithm = fields["keyAlgorithm"], algorithm != .string("KEY_ALG_RSA_2048") {
            throw .invalidArgument("The emulator makes 2048-bit RSA keys only: keyAlgorithm must be KEY_ALG_RSA_2048, not \(RequestJSON.text(algorithm)).")
        }
    }
}
