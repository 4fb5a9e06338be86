import Foundation
import Hummingbird
import JITAccessCore
import JITAccessTokens

/// IAM Credentials v1's `signJwt` (`POST /v1/projects/-/serviceAccounts/EMAIL:signJwt`) and the
/// service-account key sets Google publishes (`GET /service_accounts/v1/metadata/jwk/EMAIL`),
/// both on the emulator's ``ServiceAccountKeys``, and `generateAccessToken`
/// (`POST /v1/projects/-/serviceAccounts/EMAIL:generateAccessToken`), which issues a token with
/// the scopes asked for, as jitaccess needs for the Directory API.
struct IAMCredentialsController<Context: RequestContext> {
    /// A `signJwt` body: a payload of a few claims, well under this.
    static var maxBodySize: Int { 64 * 1024 }

    /// How far in the future `exp` may be, in seconds: twelve hours, as Google documents.
    static var maxLifetime: Int64 { 12 * 3600 }

    /// The longest lifetime Google grants without an organization policy exception, in seconds.
    static var maxTokenLifetime: Int { 3600 }

    let keys: ServiceAccountKeys
    let tokens: AccessTokens
    let clock: any WallClock

    /// Registers `signJwt` on `api` (behind the bearer check) and the key sets on `public`, which
    /// Google serves to anyone.
    func register(api: some RouterMethods<Context>, public: some RouterMethods<Context>) {
        api.post("/v1/projects/:id/serviceAccounts/:call") { request, context in
            guard try context.parameters.require("id") == "-", let call = GoogleMethodCall(try context.parameters.require("call")) else {
                throw GoogleAPIError.notFound("The emulator serves /v1/projects/-/serviceAccounts/EMAIL:signJwt and :generateAccessToken only.")
            }
            switch call.method {
            case "signJwt": return try await signJWT(call: call, request: request)
            case "generateAccessToken": return try await generateAccessToken(call: call, request: request)
            default: throw GoogleAPIError.notFound("The emulator serves /v1/projects/-/serviceAccounts/EMAIL:signJwt and :generateAccessToken only.")
            }
        }
        `public`.get("/service_accounts/v1/metadata/jwk/:email") { _, context in
            let email = try context.parameters.require("email")
            let account = try Self.account(email.removingPercentEncoding ?? email)
            let jwks = try keys.keySet(of: account).jwksJSON()
            return Response(status: .ok, headers: [.contentType: "application/json; charset=UTF-8"], body: .init(byteBuffer: ByteBuffer(bytes: jwks)))
        }
    }

    private func signJWT(call: GoogleMethodCall, request: Request) async throws -> Response {
        let account = try Self.account(String(call.name))
        let body = try await Self.body(of: request)
        let payload = try Self.payload(of: body, now: clock.now)
        let signed = try keys.signJWT(payload: payload, as: account)
        return try JSONResponse.ok(["keyId": signed.keyId, "signedJwt": signed.jwt])
    }

    /// `{"scope": [...], "lifetime": "3600s", "delegates": [...]}` answered with
    /// `{"accessToken", "expireTime"}`: a token of the emulator carrying exactly those scopes.
    /// Like `signJwt`, it does not check that the caller may impersonate the account.
    private func generateAccessToken(call: GoogleMethodCall, request: Request) async throws -> Response {
        _ = try Self.account(String(call.name))
        let fields = try RequestJSON.object(try await Self.body(of: request), known: ["scope", "lifetime", "delegates"]) ?? [:]
        guard case .array(let values)? = fields["scope"], !values.isEmpty else {
            throw GoogleAPIError.invalidArgument("Request contains an invalid argument: scope must name at least one OAuth scope.")
        }
        var scopes: Set<String> = []
        for value in values {
            guard case .string(let scope) = value, !scope.isEmpty else {
                throw GoogleAPIError.invalidArgument("Invalid value at 'scope': every scope must be a non-empty string.")
            }
            scopes.insert(scope)
        }
        var lifetime = Self.maxTokenLifetime
        if let value = fields["lifetime"] {
            guard case .string(let text) = value, text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds >= 1 else {
                throw GoogleAPIError.invalidArgument("Invalid value at 'lifetime': expected a duration in seconds such as 3600s.")
            }
            guard seconds <= Double(Self.maxTokenLifetime) else {
                throw GoogleAPIError.invalidArgument("The lifetime \(text) is longer than \(Self.maxTokenLifetime)s, the most allowed without the constraints/iam.allowServiceAccountCredentialLifetimeExtension policy.")
            }
            lifetime = Int(seconds)
        }
        let expiry = clock.now.adding(seconds: Int64(lifetime))
        return try JSONResponse.ok(["accessToken": tokens.issue(scopes: scopes), "expireTime": expiry.rfc3339])
    }

    /// The request body, refused beyond ``maxBodySize``.
    private static func body(of request: Request) async throws -> Data {
        do {
            return Data(try await request.body.collect(upTo: maxBodySize).readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw GoogleAPIError.invalidArgument("The request body is larger than \(maxBodySize / 1024) KB.")
        }
    }

    /// The service account an email names; Google answers 404 for what is not an email.
    static func account(_ text: String) throws(GoogleAPIError) -> String {
        guard let user = UserId(text) else {
            throw .notFound("'\(text)' is not a service account email such as jitaccess@PROJECT.iam.gserviceaccount.com.")
        }
        return user.email
    }

    /// The claims of `{"payload": "<JSON object as a string>", "delegates": [...]}`; an `exp`
    /// claim must be an integer neither before `now` nor more than twelve hours after it.
    static func payload(of body: Data, now: Timestamp) throws(GoogleAPIError) -> Data {
        guard let fields = try RequestJSON.object(body, known: ["payload", "delegates"]), case .string(let payload)? = fields["payload"] else {
            throw .invalidArgument("The request has no payload: send {\"payload\": \"{...claims as a JSON string...}\"}.")
        }
        guard case .object(let claims)? = try? JSONDecoder().decode(JSONValue.self, from: Data(payload.utf8)) else {
            throw .invalidArgument("Invalid payload: it must be a JSON object of claims, as a string.")
        }
        switch claims["exp"] {
        case nil:
            break
        case .number(let exp)? where exp.rounded() == exp && exp >= Double(now.secondsSinceEpoch) && exp <= Double(now.secondsSinceEpoch + maxLifetime):
            break
        case let other?:
            throw .invalidArgument("Invalid exp claim \(RequestJSON.text(other)): it must be an integer timestamp that is not in the past and no more than 12 hours in the future (now is \(now.secondsSinceEpoch)).")
        }
        return Data(payload.utf8)
    }
}
