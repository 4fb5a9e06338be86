import Foundation
import Hummingbird
import JITAccessCore
import JITAccessTokens

/// IAM Credentials v1's `signJwt` (`POST /v1/projects/-/serviceAccounts/EMAIL:signJwt`) and the
/// service-account key sets Google publishes (`GET /service_accounts/v1/metadata/jwk/EMAIL`),
/// both on the emulator's ``ServiceAccountKeys``.
struct IAMCredentialsController<Context: RequestContext> {
    /// A `signJwt` body: a payload of a few claims, well under this.
    static var maxBodySize: Int { 64 * 1024 }

    /// How far in the future `exp` may be, in seconds: twelve hours, as Google documents.
    static var maxLifetime: Int64 { 12 * 3600 }

    let keys: ServiceAccountKeys
    let clock: any WallClock

    /// Registers `signJwt` on `api` (behind the bearer check) and the key sets on `public`, which
    /// Google serves to anyone.
    func register(api: some RouterMethods<Context>, public: some RouterMethods<Context>) {
        api.post("/v1/projects/:id/serviceAccounts/:call") { request, context in
            try await signJWT(request: request, context: context)
        }
        `public`.get("/service_accounts/v1/metadata/jwk/:email") { _, context in
            let email = try context.parameters.require("email")
            let account = try Self.account(email.removingPercentEncoding ?? email)
            let jwks = try keys.keySet(of: account).jwksJSON()
            return Response(status: .ok, headers: [.contentType: "application/json; charset=UTF-8"], body: .init(byteBuffer: ByteBuffer(bytes: jwks)))
        }
    }

    private func signJWT(request: Request, context: Context) async throws -> Response {
        guard try context.parameters.require("id") == "-", let call = GoogleMethodCall(try context.parameters.require("call")), call.method == "signJwt" else {
            throw GoogleAPIError.notFound("The emulator serves /v1/projects/-/serviceAccounts/EMAIL:signJwt only.")
        }
        let account = try Self.account(String(call.name))
        let body: Data
        do {
            body = Data(try await request.body.collect(upTo: Self.maxBodySize).readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw GoogleAPIError.invalidArgument("The request body is larger than \(Self.maxBodySize / 1024) KB.")
        }
        let payload = try Self.payload(of: body, now: clock.now)
        let signed = try keys.signJWT(payload: payload, as: account)
        return try JSONResponse.ok(["keyId": signed.keyId, "signedJwt": signed.jwt])
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
